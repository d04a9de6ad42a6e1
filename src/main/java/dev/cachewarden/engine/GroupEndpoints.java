package dev.cachewarden.engine;

import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.front.EndpointKind;
import dev.cachewarden.front.FrontEndpoint;
import dev.cachewarden.front.FrontTarget;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A replication group's own PrimaryEndpoint and ReaderEndpoint, as the front serves them: the first
 * relays to whichever node is primary now, the second to the replicas (the primary when none answers).
 * After a failover the front is given the new primary's socket for the same port, so a client's address
 * never changes; only its connections to the old primary are closed, as AWS's DNS switch would do.
 * Groups made before these endpoints existed have none (their PrimaryEndpoint is the primary node's).
 */
final class GroupEndpoints {
    private GroupEndpoints() {}

    static List<FrontEndpoint> of(ReplicationGroup group, List<NodeSpec> specs, NodeSupervisor supervisor) {
        List<FrontEndpoint> endpoints = new ArrayList<>();
        if (group.primaryEndpointPort() <= 0) {
            return endpoints;
        }
        NodeSpec primary = specs.get(0);
        SocketAddress primarySocket = socket(supervisor, primary);
        CertificateAuthority.NodeCertificate cert = primary.tls() ? supervisor.certificate(primary.cacheClusterId()) : null;
        String id = group.replicationGroupId();
        endpoints.add(new FrontEndpoint(new FrontTarget(id, false, EndpointKind.PRIMARY, primary.cacheClusterId()),
                group.primaryEndpointPort(), cert == null ? null : cert.certificate(), cert == null ? null : cert.key(),
                primarySocket, List.of(), null));
        if (group.readerEndpointPort() > 0) {
            List<SocketAddress> replicas = new ArrayList<>();
            for (NodeSpec spec : specs.subList(1, specs.size())) {
                replicas.add(socket(supervisor, spec));
            }
            String label = specs.size() > 1 ? specs.get(1).cacheClusterId() : primary.cacheClusterId();
            endpoints.add(new FrontEndpoint(new FrontTarget(id, false, EndpointKind.READER, label),
                    group.readerEndpointPort(), cert == null ? null : cert.certificate(),
                    cert == null ? null : cert.key(), primarySocket, replicas, null));
        }
        return endpoints;
    }

    static List<Integer> ports(ReplicationGroup group) {
        List<Integer> ports = new ArrayList<>();
        if (group.primaryEndpointPort() > 0) {
            ports.add(group.primaryEndpointPort());
        }
        if (group.readerEndpointPort() > 0) {
            ports.add(group.readerEndpointPort());
        }
        return ports;
    }

    private static SocketAddress socket(NodeSupervisor supervisor, NodeSpec spec) {
        return UnixDomainSocketAddress.of(supervisor.socketPath(spec.cacheClusterId()));
    }
}
