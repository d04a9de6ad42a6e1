package dev.cachewarden.api;

import dev.cachewarden.auth.AuthorizationResource;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.CacheService;
import dev.cachewarden.service.ServiceSettings;
import java.util.function.Consumer;

/**
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html
 * Placement, networking, snapshot, maintenance and logging parameters are accepted and ignored: nodes
 * run on this machine's loopback interface, on ports cachewarden picks (Port is ignored too).
 */
public final class CreateReplicationGroup implements ApiAction {
    private final CacheService caches;
    private final ServiceSettings settings;

    public CreateReplicationGroup(CacheService caches, ServiceSettings settings) {
        this.caches = caches;
        this.settings = settings;
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
                ClusterRequests.create(request)));
        return xml -> {
            xml.start("ReplicationGroup");
            CacheXml.replicationGroup(xml, group, settings);
            xml.end();
        };
    }
}
