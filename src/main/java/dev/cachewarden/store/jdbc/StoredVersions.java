package dev.cachewarden.store.jdbc;

import dev.cachewarden.domain.EngineVersion;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Engine versions as the store's columns spell them, parsed once. Every user row carries one (its
 * rules' minimum) and a page reads hundreds; parsing each with {@link EngineVersion#of(String)}'s
 * regex showed in DescribeUsers' profile. The store holds only a handful of distinct values.
 */
final class StoredVersions {
    /** Far above the distinct versions a store holds; past it, versions are parsed every time. */
    private static final int LIMIT = 256;
    private static final ConcurrentHashMap<String, EngineVersion> PARSED = new ConcurrentHashMap<>();

    private StoredVersions() {}

    static EngineVersion of(String text) {
        EngineVersion version = PARSED.get(text);
        if (version == null) {
            version = EngineVersion.of(text);
            if (PARSED.size() < LIMIT) {
                PARSED.putIfAbsent(text, version);
            }
        }
        return version;
    }
}
