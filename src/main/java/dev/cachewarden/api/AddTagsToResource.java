package dev.cachewarden.api;

import dev.cachewarden.auth.AuthorizationResource;
import dev.cachewarden.domain.Tag;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.cache.TagService;
import java.util.List;
import java.util.function.Consumer;

/** https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_AddTagsToResource.html */
public final class AddTagsToResource implements ApiAction {
    private final TagService tags;

    public AddTagsToResource(TagService tags) {
        this.tags = tags;
    }

    @Override
    public String name() {
        return "AddTagsToResource";
    }

    @Override
    public AuthorizationResource authorizationResource() {
        return AuthorizationResource.arnIn("ResourceName");
    }

    @Override
    public Consumer<XmlWriter> execute(QueryRequest request) {
        String resource = request.required("ResourceName");
        if (!request.has("Tags")) {
            request.required("Tags");
        }
        List<Tag> result = tags.add(resource, RequestReaders.tags(request, "Tags"));
        return xml -> ResourceXml.tagList(xml, result);
    }
}
