package dev.cachewarden.domain;

/**
 * One node of a replication group: a cache cluster of one node ({@code rg-001}), served by one
 * redis-server process on a loopback port (or, for an external cache, an existing server).
 *
 * @param primary whether this node is the shard's primary, a stored fact that a failover changes; the
 *     others replicate from it
 * @param status whether the node is being added (IncreaseReplicaCount) or removed (DecreaseReplicaCount)
 */
public record CacheNode(String cacheClusterId, String host, int port, boolean primary, Status status) {
    /** Where managed nodes listen. */
    public static final String LOOPBACK = "127.0.0.1";

    /** ElastiCache numbers the single node of each cache cluster {@code 0001}. */
    public static final String CACHE_NODE_ID = "0001";

    /** A node's own lifecycle inside its group, in ElastiCache's CacheClusterStatus words. */
    public enum Status {
        AVAILABLE("available"), CREATING("creating"), DELETING("deleting");

        private final String wire;

        Status(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static Status fromWire(String wire) {
            for (Status s : values()) {
                if (s.wire.equals(wire)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown node status " + wire);
        }
    }

    public CacheNode(String cacheClusterId, String host, int port, boolean primary) {
        this(cacheClusterId, host, port, primary, Status.AVAILABLE);
    }

    public String role() {
        return primary ? "primary" : "replica";
    }

    public CacheNode withPrimary(boolean isPrimary) {
        return new CacheNode(cacheClusterId, host, port, isPrimary, status);
    }
}
