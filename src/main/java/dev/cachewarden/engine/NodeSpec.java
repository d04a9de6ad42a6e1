package dev.cachewarden.engine;

/**
 * How to run one node.
 *
 * @param primaryPort the port of the primary this node replicates from; null for a primary
 */
public record NodeSpec(String cacheClusterId, int port, boolean tls, Integer primaryPort) {
    public NodeAddress address() {
        return new NodeAddress(cacheClusterId, "127.0.0.1", port, tls);
    }
}
