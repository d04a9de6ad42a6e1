package dev.cachewarden.domain;

import java.util.Locale;
import java.util.Optional;

/** The cache engines RBAC serves; sent in any case, always answered in lowercase. */
public enum Engine {
    REDIS("redis", "6.0"),
    VALKEY("valkey", "7.2");

    private final String wire;
    private final String minimumVersion;

    Engine(String wire, String minimumVersion) {
        this.wire = wire;
        this.minimumVersion = minimumVersion;
    }

    public String wire() {
        return wire;
    }

    /** The oldest engine version with RBAC (Redis OSS 6.0, Valkey 7.2). */
    public String minimumVersion() {
        return minimumVersion;
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
