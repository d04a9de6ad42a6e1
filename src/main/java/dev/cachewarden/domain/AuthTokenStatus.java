package dev.cachewarden.domain;

/** PendingModifiedValues.AuthTokenStatus: an AuthToken change accepted and not yet on every node. */
public enum AuthTokenStatus {
    SETTING("SETTING"),
    ROTATING("ROTATING");

    private final String wire;

    AuthTokenStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static AuthTokenStatus fromWire(String value) {
        for (AuthTokenStatus s : values()) {
            if (s.wire.equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown auth token status " + value);
    }
}
