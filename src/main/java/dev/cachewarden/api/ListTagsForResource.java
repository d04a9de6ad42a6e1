package dev.cachewarden.api;

import dev.cachewarden.auth.AuthorizationResource;
import dev.cachewarden.domain.Tag;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.cache.TagService;
import java.util.List;
import java.util.function.Consumer;

/** https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_ListTagsForResource.html */
public final class ListTagsForResource implements ApiAction {
    private final TagService tags;

    public ListTagsForResource(TagService tags) {
        this.tags = tags;
    }

    @Override
    public String name() {
        return "ListTagsForResource";
    }

    @Override
    public AuthorizationResource authorizationResource() {
        return AuthorizationResource.arnIn("ResourceName");
    }

    @Override
    public Consumer<XmlWriter> execute(QueryRequest request) {
        List<Tag> result = tags.list(request.required("ResourceName"));
        return xml -> ResourceXml.tagList(xml, result);
    }
}
