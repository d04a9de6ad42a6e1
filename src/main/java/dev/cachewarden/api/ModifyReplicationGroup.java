package dev.cachewarden.api;

import dev.cachewarden.auth.AuthorizationResource;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.cache.CacheService;
import dev.cachewarden.service.cache.ClusterModeChanges;
import dev.cachewarden.service.ServiceSettings;
import java.util.function.Consumer;

/**
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_ModifyReplicationGroup.html
 * User group changes always apply at once (ApplyImmediately is accepted and ignored, as AWS applies
 * them immediately too); AutomaticFailoverEnabled, MultiAZEnabled and PrimaryClusterId are applied
 * (docs/caches.md); node type, maintenance, snapshot, notification and logging parameters are
 * answered back as set (service.SettingsRules).
 */
public final class ModifyReplicationGroup implements ApiAction {
    private final CacheService caches;
    private final ServiceSettings settings;
    /** CacheSubnetGroupName and CacheParameterGroupName; null: not checked nor recorded. */
    private final dev.cachewarden.service.cache.CacheGroupReferences references;

    public ModifyReplicationGroup(CacheService caches, ServiceSettings settings) {
        this(caches, settings, null);
    }

    public ModifyReplicationGroup(CacheService caches, ServiceSettings settings,
            dev.cachewarden.service.cache.CacheGroupReferences references) {
        this.caches = caches;
        this.settings = settings;
        this.references = references;
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
                request.string("PrimaryClusterId"),
                SettingsRequests.modifyReplicationGroup(request),
                GroupChangesRequest.read(request)),
                ClusterModeChanges.both(ClusterModeChanges.forModify(settings, request.string("ClusterMode"),
                        ClusterModeChanges.OTHER_PARAMETERS.stream().filter(request::has).toList(),
                        request.string("CacheParameterGroupName")),
                        references == null ? dev.cachewarden.service.cache.ReplicationGroupHook.NONE
                        : references.forModify(request.string("CacheParameterGroupName"))));
        return xml -> {
            xml.start("ReplicationGroup");
            CacheXml.replicationGroup(xml, group, settings);
            xml.end();
        };
    }
}
