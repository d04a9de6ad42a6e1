package dev.cachewarden.engine;

import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.LoopbackBlock;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.engine.node.CertificateAuthority;
import dev.cachewarden.engine.node.NodeSpec;
import dev.cachewarden.engine.node.NodeSupervisor;
import dev.cachewarden.front.EndpointKind;
import dev.cachewarden.front.FrontEndpoint;
import dev.cachewarden.front.FrontServer;
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
 * A group made with a Port listens on addresses of its own ({@link LoopbackBlock}), every one on that
 * port, and the front presents there a certificate naming the address.
 */
final class GroupEndpoints {
    private GroupEndpoints() {}

    static List<PublishedEndpoint> of(ReplicationGroup group, List<NodeSpec> specs, NodeSupervisor supervisor) {
        List<PublishedEndpoint> endpoints = new ArrayList<>();
        if (group.primaryEndpointPort() <= 0) {
            return endpoints;
        }
        NodeSpec primary = specs.get(0);
        SocketAddress primarySocket = socket(supervisor, primary);
        String id = group.replicationGroupId();
        String primaryHost = LoopbackBlock.primaryEndpointHost(group.nodes());
        CertificateAuthority.NodeCertificate cert = certificate(supervisor, primary, primaryHost);
        endpoints.add(new PublishedEndpoint(primaryHost, new FrontEndpoint(
                new FrontTarget(id, false, EndpointKind.PRIMARY, primary.cacheClusterId()), group.primaryEndpointPort(),
                cert == null ? null : cert.certificate(), cert == null ? null : cert.key(), primarySocket, List.of(), null)));
        if (group.readerEndpointPort() > 0) {
            List<SocketAddress> replicas = new ArrayList<>();
            for (NodeSpec spec : specs.subList(1, specs.size())) {
                replicas.add(socket(supervisor, spec));
            }
            String label = specs.size() > 1 ? specs.get(1).cacheClusterId() : primary.cacheClusterId();
            String readerHost = LoopbackBlock.readerEndpointHost(group.nodes());
            CertificateAuthority.NodeCertificate readerCert = certificate(supervisor, primary, readerHost);
            endpoints.add(new PublishedEndpoint(readerHost, new FrontEndpoint(
                    new FrontTarget(id, false, EndpointKind.READER, label), group.readerEndpointPort(),
                    readerCert == null ? null : readerCert.certificate(), readerCert == null ? null : readerCert.key(),
                    primarySocket, replicas, null)));
        }
        return endpoints;
    }

    /** Stops the group's own listeners, on their addresses only (other groups may use the same port). */
    static void stop(FrontServer front, ReplicationGroup group) {
        if (group.primaryEndpointPort() > 0) {
            front.stop(LoopbackBlock.primaryEndpointHost(group.nodes()), group.primaryEndpointPort());
        }
        if (group.readerEndpointPort() > 0) {
            front.stop(LoopbackBlock.readerEndpointHost(group.nodes()), group.readerEndpointPort());
        }
    }

    /**
     * What the front presents on {@code host}: on 127.0.0.1 the node's own certificate (which names
     * 127.0.0.1 and localhost), on an address of a group's own one issued for that address.
     */
    static CertificateAuthority.NodeCertificate certificate(NodeSupervisor supervisor, NodeSpec spec, String host) {
        if (!spec.tls()) {
            return null;
        }
        return CacheNode.LOOPBACK.equals(host) ? supervisor.layout().certificate(spec.cacheClusterId())
                : supervisor.layout().frontCertificate(host);
    }

    private static SocketAddress socket(NodeSupervisor supervisor, NodeSpec spec) {
        return UnixDomainSocketAddress.of(supervisor.socketPath(spec.cacheClusterId()));
    }
}
