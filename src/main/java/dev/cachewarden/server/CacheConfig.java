package dev.cachewarden.server;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How cachewarden runs cache nodes.
 *
 * @param engineBinary {@code --engine-binary}; null to find redis-server (or valkey-server) on PATH
 * @param reconcileInterval how often every node's ACL is compared with the desired state and repaired
 */
public record CacheConfig(Path engineBinary, Duration reconcileInterval) {
    public static final Duration DEFAULT_RECONCILE_INTERVAL = Duration.ofSeconds(10);

    public static CacheConfig defaults() {
        return new CacheConfig(null, DEFAULT_RECONCILE_INTERVAL);
    }
}
