package dev.cachewarden.domain;

/**
 * One node of a replication group: a cache cluster of one node ({@code rg-001}), served by one
 * redis-server process on a loopback port (or, for an external cache, an existing server).
 *
 * @param primary whether this node is the shard's primary; the others replicate from it
 */
public record CacheNode(String cacheClusterId, String host, int port, boolean primary) {
    /** Where managed nodes listen. */
    public static final String LOOPBACK = "127.0.0.1";

    /** ElastiCache numbers the single node of each cache cluster {@code 0001}. */
    public static final String CACHE_NODE_ID = "0001";

    public String role() {
        return primary ? "primary" : "replica";
    }
}
