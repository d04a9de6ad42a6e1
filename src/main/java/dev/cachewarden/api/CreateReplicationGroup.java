package dev.cachewarden.api;

import dev.cachewarden.auth.AuthorizationResource;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.cache.CacheService;
import dev.cachewarden.service.ServiceSettings;
import java.util.function.Consumer;

/**
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html
 * Node type, placement, networking, snapshot, maintenance, notification and logging parameters are
 * checked and answered back as set, or refused (docs/caches.md lists which): nodes run on this
 * machine's loopback interface, on ports cachewarden picks, so a Port other than 6379 is refused.
 */
public final class CreateReplicationGroup implements ApiAction {
    private final CacheService caches;
    private final ServiceSettings settings;
    /** CacheSubnetGroupName and CacheParameterGroupName; null: not checked nor recorded. */
    private final dev.cachewarden.service.cache.CacheGroupReferences references;

    public CreateReplicationGroup(CacheService caches, ServiceSettings settings) {
        this(caches, settings, null);
    }

    public CreateReplicationGroup(CacheService caches, ServiceSettings settings,
            dev.cachewarden.service.cache.CacheGroupReferences references) {
        this.caches = caches;
        this.settings = settings;
        this.references = references;
    }

    @Override
    public String name() {
        return "CreateReplicationGroup";
    }

    @Override
    public AuthorizationResource authorizationResource() {
        return AuthorizationResource.identified("replicationgroup", "ReplicationGroupId");
    }

    @Override
    public Consumer<XmlWriter> execute(QueryRequest request) {
        dev.cachewarden.service.settings.OutpostRules.refuse(OutpostRequests.createReplicationGroup(request));
        ReplicationGroup group = caches.create(new CacheService.CreateReplicationGroup(
                request.required("ReplicationGroupId"),
                request.required("ReplicationGroupDescription"),
                request.string("Engine"),
                request.string("EngineVersion"),
                request.integer("NumCacheClusters"),
                request.integer("NumNodeGroups"),
                request.integer("ReplicasPerNodeGroup"),
                request.bool("TransitEncryptionEnabled"),
                request.string("TransitEncryptionMode"),
                request.string("AuthToken"),
                request.list("UserGroupIds"),
                RequestReaders.tags(request, "Tags"),
                request.bool("AutomaticFailoverEnabled"),
                request.bool("MultiAZEnabled"),
                SettingsRequests.createReplicationGroup(request),
                ClusterRequests.create(request)),
                references == null ? dev.cachewarden.service.cache.ReplicationGroupHook.NONE : references.forCreate(
                        request.string("CacheSubnetGroupName"), request.string("CacheParameterGroupName")));
        return xml -> {
            xml.start("ReplicationGroup");
            CacheXml.replicationGroup(xml, group, settings);
            xml.end();
        };
    }
}
