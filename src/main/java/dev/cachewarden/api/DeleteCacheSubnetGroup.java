package dev.cachewarden.api;

import dev.cachewarden.auth.AuthorizationResource;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.cache.CacheSubnetGroupService;
import java.util.function.Consumer;

/** https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DeleteCacheSubnetGroup.html */
public final class DeleteCacheSubnetGroup implements ApiAction {
    private final CacheSubnetGroupService groups;

    public DeleteCacheSubnetGroup(CacheSubnetGroupService groups) {
        this.groups = groups;
    }

    @Override
    public String name() {
        return "DeleteCacheSubnetGroup";
    }

    @Override
    public AuthorizationResource authorizationResource() {
        return AuthorizationResource.identified("subnetgroup", "CacheSubnetGroupName");
    }

    @Override
    public Consumer<XmlWriter> execute(QueryRequest request) {
        groups.delete(request.required("CacheSubnetGroupName"));
        return xml -> { }; // the model gives this action no result members
    }
}
