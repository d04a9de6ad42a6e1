package dev.cachewarden.domain;

/**
 * The lifecycle of a replication group or serverless cache, as ElastiCache spells it (lower case, as
 * its answers do, though botocore's documentation of ServerlessCache.Status writes CREATE-FAILED).
 * {@link #CREATE_FAILED} is terminal: the creation failed for good, and only a delete is accepted.
 */
public enum CacheStatus {
    CREATING("creating"),
    AVAILABLE("available"),
    MODIFYING("modifying"),
    DELETING("deleting"),
    CREATE_FAILED("create-failed");

    private final String wire;

    CacheStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static CacheStatus fromWire(String wire) {
        for (CacheStatus s : values()) {
            if (s.wire.equals(wire)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown cache status " + wire);
    }
}
