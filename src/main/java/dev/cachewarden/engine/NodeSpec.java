package dev.cachewarden.engine;

/**
 * How to run one node.
 *
 * @param port the node's published port, where the front listens for it (the node itself listens on a
 *     private unix socket and a loopback TLS port only cachewarden's certificates open); 0 for a
 *     serverless cache's nodes, which are reached through the cache's endpoints only
 * @param tls whether clients reach the node over TLS (the front terminates it)
 * @param primaryId the cache cluster id of the primary this node replicates from; null for a primary
 * @param cluster whether the node runs with {@code cluster-enabled yes} (its role is then set by CLUSTER
 *     REPLICATE, not by replicaof in its configuration)
 */
public record NodeSpec(String cacheClusterId, int port, boolean tls, String primaryId, boolean cluster) {
    public NodeSpec(String cacheClusterId, int port, boolean tls, String primaryId) {
        this(cacheClusterId, port, tls, primaryId, false);
    }
}
