package dev.cachewarden.domain;

import java.util.Optional;

/**
 * TransitEncryptionMode: {@code preferred} answers TLS and plain connections on the same endpoints
 * (the step AWS requires when turning TLS on in place), {@code required} TLS only.
 */
public enum TransitEncryptionMode {
    PREFERRED("preferred"),
    REQUIRED("required");

    private final String wire;

    TransitEncryptionMode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<TransitEncryptionMode> parse(String value) {
        for (TransitEncryptionMode m : values()) {
            if (m.wire.equals(value)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
