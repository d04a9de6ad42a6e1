package dev.cachewarden.engine;

import dev.cachewarden.domain.Cache;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.TransitEncryptionMode;
import dev.cachewarden.engine.node.NodeSpec;
import dev.cachewarden.engine.node.NodeSupervisor;
import dev.cachewarden.front.FrontEndpoint;
import java.util.List;

/**
 * TLS turned on or off in place (TransitEncryptionMode preferred → required): the nodes themselves
 * never change (they listen on a unix socket and a private TLS port either way), only the front's
 * listeners do. So a node whose spec differs from the one it runs with only by {@code tls} is told
 * so ({@link NodeSupervisor#runsAs}) instead of being restarted, and a preferred group's endpoints
 * answer plain connections beside TLS ones.
 */
final class TransitNodes {
    private TransitNodes() {}

    /** Before ensureRunning: records the new TLS setting of running nodes whose spec changed only by it. */
    static void keepRunning(NodeSupervisor supervisor, List<NodeSpec> specs) {
        for (NodeSpec spec : specs) {
            // The supervisor's own record of the spec, as the node's file has it: not read from disk every pass.
            supervisor.runningSpec(spec.cacheClusterId())
                    .filter(running -> !running.equals(spec) && onlyTlsDiffers(running, spec))
                    .ifPresent(running -> supervisor.runsAs(spec));
        }
    }

    static boolean onlyTlsDiffers(NodeSpec a, NodeSpec b) {
        return a.tls() != b.tls() && new NodeSpec(a.cacheClusterId(), a.port(), b.tls(), a.primaryId()).equals(b);
    }

    /** The endpoint as the cache's TransitEncryptionMode has it: preferred answers plain connections too. */
    static FrontEndpoint endpoint(Cache cache, FrontEndpoint endpoint) {
        boolean preferred = cache instanceof ReplicationGroup group
                && group.transitEncryptionMode() == TransitEncryptionMode.PREFERRED;
        return endpoint.tls() && preferred ? endpoint.withPlaintextAccepted(true) : endpoint;
    }
}
