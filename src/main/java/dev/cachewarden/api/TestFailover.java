package dev.cachewarden.api;

import dev.cachewarden.auth.AuthorizationResource;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.cache.ReplicaService;
import dev.cachewarden.service.ServiceSettings;
import java.util.function.Consumer;

/**
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_TestFailover.html
 * The group turns {@code modifying}; a replica is promoted once it has every write of the primary
 * (whose writes wait meanwhile), and the old primary returns as a replica.
 */
public final class TestFailover implements ApiAction {
    private final ReplicaService replicas;
    private final ServiceSettings settings;

    public TestFailover(ReplicaService replicas, ServiceSettings settings) {
        this.replicas = replicas;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "TestFailover";
    }

    @Override
    public AuthorizationResource authorizationResource() {
        return AuthorizationResource.identified("replicationgroup", "ReplicationGroupId");
    }

    @Override
    public Consumer<XmlWriter> execute(QueryRequest request) {
        ReplicationGroup group = replicas.testFailover(request.required("ReplicationGroupId"),
                request.required("NodeGroupId"));
        return xml -> {
            xml.start("ReplicationGroup");
            CacheXml.replicationGroup(xml, group, settings);
            xml.end();
        };
    }
}
