package dev.cachewarden.domain;

/** The lifecycle states users and user groups share, as ElastiCache spells them. */
public enum Status {
    CREATING("creating"),
    ACTIVE("active"),
    MODIFYING("modifying"),
    DELETING("deleting");

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
        throw new IllegalArgumentException("unknown status " + wire);
    }
}
