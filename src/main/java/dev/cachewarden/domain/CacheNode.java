package dev.cachewarden.domain;

/**
 * One node of a replication group: a cache cluster of one node ({@code rg-001}, or {@code rg-0001-001}
 * in cluster mode), served by one redis-server process on a loopback port (or, for an external cache,
 * an existing server).
 *
 * @param primary whether this node is the shard's primary, a stored fact that a failover changes; the
 *     others replicate from it
 * @param status whether the node is being added (IncreaseReplicaCount) or removed (DecreaseReplicaCount)
 * @param nodeGroupId the shard the node belongs to ({@code 0001} without cluster mode)
 * @param slots the hash slots its shard serves in cluster mode ({@code 0-5461}); empty otherwise
 */
public record CacheNode(String cacheClusterId, String host, int port, boolean primary, Status status,
                        String nodeGroupId, String slots) {
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

    public CacheNode {
        nodeGroupId = nodeGroupId == null ? CACHE_NODE_ID : nodeGroupId;
        slots = slots == null ? "" : slots;
    }

    public CacheNode(String cacheClusterId, String host, int port, boolean primary, Status status) {
        this(cacheClusterId, host, port, primary, status, CACHE_NODE_ID, "");
    }

    public CacheNode(String cacheClusterId, String host, int port, boolean primary) {
        this(cacheClusterId, host, port, primary, Status.AVAILABLE);
    }

    public String role() {
        return primary ? "primary" : "replica";
    }

    public CacheNode withPrimary(boolean isPrimary) {
        return new CacheNode(cacheClusterId, host, port, isPrimary, status, nodeGroupId, slots);
    }

    public CacheNode withSlots(String newSlots) {
        return new CacheNode(cacheClusterId, host, port, primary, status, nodeGroupId, newSlots);
    }
}
