package dev.cachewarden.front;

import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * One published endpoint: the loopback {@code port} clients use, the certificate the front presents
 * there (null for a cache without TLS), and where the node really listens ({@code upstream}, a unix
 * domain socket only cachewarden can reach).
 *
 * @param replicas for a reader endpoint, the replicas' sockets, tried in turn from one connection to
 *     the next; {@code upstream} (the primary) takes the connection when none answers. Empty otherwise.
 * @param topology for a serverless cache's endpoints, what the front answers to CLUSTER commands
 *     itself; null elsewhere (those go to the node)
 * @param plaintextAccepted with a certificate, whether plain connections are answered too on the same
 *     port (TransitEncryptionMode preferred, while clients move to TLS)
 */
public record FrontEndpoint(FrontTarget target, int port, Path certificate, Path key, SocketAddress upstream,
                            List<SocketAddress> replicas, ServerlessTopology topology, boolean plaintextAccepted) {
    public FrontEndpoint {
        replicas = List.copyOf(replicas);
    }

    public FrontEndpoint(FrontTarget target, int port, Path certificate, Path key, SocketAddress upstream,
                         List<SocketAddress> replicas, ServerlessTopology topology) {
        this(target, port, certificate, key, upstream, replicas, topology, false);
    }

    /** The same endpoint answering plain connections beside TLS ones, or not. */
    public FrontEndpoint withPlaintextAccepted(boolean accepted) {
        return new FrontEndpoint(target, port, certificate, key, upstream, replicas, topology, accepted);
    }

    public FrontEndpoint(FrontTarget target, int port, Path certificate, Path key, SocketAddress upstream) {
        this(target, port, certificate, key, upstream, List.of(), null);
    }

    public boolean tls() {
        return certificate != null;
    }
}
