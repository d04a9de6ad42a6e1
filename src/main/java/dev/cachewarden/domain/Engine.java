package dev.cachewarden.domain;

import java.util.Locale;
import java.util.Optional;

/** The cache engines RBAC serves; sent in any case, always answered in lowercase. */
public enum Engine {
    REDIS("redis"),
    VALKEY("valkey");

    private final String wire;

    Engine(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<Engine> parse(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        for (Engine e : values()) {
            if (e.wire.equals(v)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
