package dev.cachewarden.engine.node;

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
 * @param host the loopback address of the node's published endpoint: 127.0.0.1, or in a group made with
 *     a Port an address of its own, which a cluster-mode node announces (and listens on, for its bus)
 */
public record NodeSpec(String cacheClusterId, int port, boolean tls, String primaryId, boolean cluster, String host) {
    public NodeSpec {
        host = host == null ? dev.cachewarden.domain.CacheNode.LOOPBACK : host;
    }

    public NodeSpec(String cacheClusterId, int port, boolean tls, String primaryId, boolean cluster) {
        this(cacheClusterId, port, tls, primaryId, cluster, null);
    }

    public NodeSpec(String cacheClusterId, int port, boolean tls, String primaryId) {
        this(cacheClusterId, port, tls, primaryId, false);
    }
}
