package dev.cachewarden.domain;

/** ElastiCache's ClusterMode of a replication group: whether clients see one shard or a Redis Cluster. */
public enum ClusterMode {
    ENABLED("enabled"), DISABLED("disabled"), COMPATIBLE("compatible");

    private final String wire;

    ClusterMode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Whether the nodes run with {@code cluster-enabled yes}. */
    public boolean clustered() {
        return this == ENABLED;
    }

    public static java.util.Optional<ClusterMode> parse(String wire) {
        for (ClusterMode m : values()) {
            if (m.wire.equals(wire)) {
                return java.util.Optional.of(m);
            }
        }
        return java.util.Optional.empty();
    }
}
