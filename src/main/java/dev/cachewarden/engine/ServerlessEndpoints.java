package dev.cachewarden.engine;

import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.ServerlessCache;
import dev.cachewarden.engine.node.CertificateAuthority;
import dev.cachewarden.engine.node.NodeSpec;
import dev.cachewarden.engine.node.NodeSupervisor;
import dev.cachewarden.front.EndpointKind;
import dev.cachewarden.front.FrontEndpoint;
import dev.cachewarden.front.FrontTarget;
import dev.cachewarden.front.ServerlessTopology;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A serverless cache's published endpoints, as the front serves them: {@code Endpoint} relays to the
 * primary, {@code ReaderEndpoint} to the replicas (the primary when none answers), and both answer
 * CLUSTER commands with the cache's one shard. Its nodes' own sockets are never published. Always TLS,
 * with the primary's certificate (every node's names the same loopback address).
 */
final class ServerlessEndpoints {
    private ServerlessEndpoints() {}

    static List<FrontEndpoint> of(ServerlessCache cache, List<NodeSpec> specs, NodeSupervisor supervisor) {
        NodeSpec primary = specs.get(0);
        List<SocketAddress> replicas = new ArrayList<>();
        String firstReplica = null;
        for (NodeSpec spec : specs.subList(1, specs.size())) {
            replicas.add(socket(supervisor, spec));
            firstReplica = firstReplica == null ? spec.cacheClusterId() : firstReplica;
        }
        CertificateAuthority.NodeCertificate cert = supervisor.layout().certificate(primary.cacheClusterId());
        ServerlessTopology topology = new ServerlessTopology(cache.serverlessCacheName(), CacheNode.LOOPBACK,
                cache.endpointPort(), cache.readerEndpointPort());
        String name = cache.serverlessCacheName();
        List<FrontEndpoint> endpoints = new ArrayList<>();
        endpoints.add(new FrontEndpoint(new FrontTarget(name, true, EndpointKind.SERVERLESS, primary.cacheClusterId()),
                cache.endpointPort(), cert.certificate(), cert.key(), socket(supervisor, primary), List.of(), topology));
        if (topology.hasReader()) {
            endpoints.add(new FrontEndpoint(new FrontTarget(name, true, EndpointKind.SERVERLESS_READER,
                    firstReplica == null ? primary.cacheClusterId() : firstReplica), cache.readerEndpointPort(),
                    cert.certificate(), cert.key(), socket(supervisor, primary), replicas, topology));
        }
        return endpoints;
    }

    private static SocketAddress socket(NodeSupervisor supervisor, NodeSpec spec) {
        return UnixDomainSocketAddress.of(supervisor.socketPath(spec.cacheClusterId()));
    }
}
