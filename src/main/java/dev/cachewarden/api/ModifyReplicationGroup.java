package dev.cachewarden.api;

import dev.cachewarden.auth.AuthorizationResource;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.CacheService;
import dev.cachewarden.service.ServiceSettings;
import java.util.function.Consumer;

/**
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_ModifyReplicationGroup.html
 * User group changes always apply at once (ApplyImmediately is accepted and ignored, as AWS applies
 * them immediately too); AutomaticFailoverEnabled, MultiAZEnabled and PrimaryClusterId are applied
 * (docs/caches.md); maintenance, snapshot and notification parameters are ignored.
 */
public final class ModifyReplicationGroup implements ApiAction {
    private final CacheService caches;
    private final ServiceSettings settings;

    public ModifyReplicationGroup(CacheService caches, ServiceSettings settings) {
        this.caches = caches;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "ModifyReplicationGroup";
    }

    @Override
    public AuthorizationResource authorizationResource() {
        return AuthorizationResource.identified("replicationgroup", "ReplicationGroupId");
    }

    @Override
    public Consumer<XmlWriter> execute(QueryRequest request) {
        request.bool("ApplyImmediately");
        request.string("ClusterMode").ifPresent(mode -> caches.checkClusterMode(request.required("ReplicationGroupId"), mode));
        ReplicationGroup group = caches.modify(new CacheService.ModifyReplicationGroup(
                request.required("ReplicationGroupId"),
                request.string("ReplicationGroupDescription"),
                request.list("UserGroupIdsToAdd"),
                request.list("UserGroupIdsToRemove"),
                request.bool("RemoveUserGroups"),
                request.bool("TransitEncryptionEnabled"),
                request.string("AuthToken"),
                request.bool("AutomaticFailoverEnabled"),
                request.bool("MultiAZEnabled"),
                request.string("PrimaryClusterId")));
        return xml -> {
            xml.start("ReplicationGroup");
            CacheXml.replicationGroup(xml, group, settings);
            xml.end();
        };
    }
}
