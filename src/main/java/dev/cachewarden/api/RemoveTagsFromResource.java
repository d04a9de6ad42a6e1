package dev.cachewarden.api;

import dev.cachewarden.auth.AuthorizationResource;
import dev.cachewarden.domain.Tag;
import dev.cachewarden.protocol.AwsException;
import dev.cachewarden.protocol.ErrorCode;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.cache.TagService;
import java.util.List;
import java.util.function.Consumer;

/** https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_RemoveTagsFromResource.html */
public final class RemoveTagsFromResource implements ApiAction {
    private final TagService tags;

    public RemoveTagsFromResource(TagService tags) {
        this.tags = tags;
    }

    @Override
    public String name() {
        return "RemoveTagsFromResource";
    }

    @Override
    public AuthorizationResource authorizationResource() {
        return AuthorizationResource.arnIn("ResourceName");
    }

    @Override
    public Consumer<XmlWriter> execute(QueryRequest request) {
        String resource = request.required("ResourceName");
        List<String> keys = request.list("TagKeys").orElseThrow(() -> new AwsException(ErrorCode.MISSING_PARAMETER,
                "The request must contain the parameter TagKeys"));
        List<Tag> result = tags.remove(resource, keys);
        return xml -> ResourceXml.tagList(xml, result);
    }
}
