package dev.cachewarden.domain;

/**
 * A replication group's {@code AutomaticFailover}, as ElastiCache spells it: {@code enabling} and
 * {@code disabling} while the change is applied (a new group with it asked for is {@code enabling}
 * until it is available).
 */
public enum AutomaticFailoverStatus {
    ENABLED("enabled"),
    DISABLED("disabled"),
    ENABLING("enabling"),
    DISABLING("disabling");

    private final String wire;

    AutomaticFailoverStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Whether a failed primary is replaced by a replica: enabled, or being enabled (the nodes are ready for it). */
    public boolean promotes() {
        return this == ENABLED || this == ENABLING;
    }

    /** What this becomes once the change being applied is done. */
    public AutomaticFailoverStatus settled() {
        return switch (this) {
            case ENABLING, ENABLED -> ENABLED;
            case DISABLING, DISABLED -> DISABLED;
        };
    }

    public static AutomaticFailoverStatus fromWire(String wire) {
        for (AutomaticFailoverStatus s : values()) {
            if (s.wire.equals(wire)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown automatic failover status " + wire);
    }
}
