package dev.cachewarden.api;

import dev.cachewarden.auth.AuthorizationResource;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.cache.ReplicaService;
import dev.cachewarden.service.ServiceSettings;
import java.util.function.Consumer;

/**
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DecreaseReplicaCount.html
 * The replicas named (ReplicasToRemove) or the newest ones are stopped and removed. PreferredAvailabilityZones and outposts of ReplicaConfiguration are not modelled.
 */
public final class DecreaseReplicaCount implements ApiAction {
    private final ReplicaService replicas;
    private final ServiceSettings settings;

    public DecreaseReplicaCount(ReplicaService replicas, ServiceSettings settings) {
        this.replicas = replicas;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "DecreaseReplicaCount";
    }

    @Override
    public AuthorizationResource authorizationResource() {
        return AuthorizationResource.identified("replicationgroup", "ReplicationGroupId");
    }

    @Override
    public Consumer<XmlWriter> execute(QueryRequest request) {
        dev.cachewarden.service.settings.OutpostRules.refuse(OutpostRequests.replicaConfiguration(request));
        ReplicationGroup group = replicas.decrease(ReplicaCountRequests.read(request, true));
        return xml -> {
            xml.start("ReplicationGroup");
            CacheXml.replicationGroup(xml, group, settings);
            xml.end();
        };
    }
}
