package dev.cachewarden.server;

import dev.cachewarden.front.FrontLimits;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How cachewarden runs cache nodes.
 *
 * @param engineBinary {@code --engine-binary}; null to find redis-server (or valkey-server) on PATH
 * @param reconcileInterval how often every node's ACL is compared with the desired state and repaired
 * @param externalCaches {@code --external-caches}: existing servers to administer; null for none
 * @param frontLimits what the front in front of the nodes tolerates from clients
 * @param iamConnectionLifetime how long an IAM-authenticated connection lives after its last AUTH/HELLO
 * @param cachePort {@code --cache-port}: the Port of a replication group created without one, every endpoint
 *                  on a loopback address of its own; 0 for one address with a free port per endpoint
 */
public record CacheConfig(Path engineBinary, Duration reconcileInterval, Path externalCaches, FrontLimits frontLimits,
                          Duration iamConnectionLifetime, int cachePort) {
    public static final Duration DEFAULT_RECONCILE_INTERVAL = Duration.ofSeconds(10);
    /** ElastiCache closes an IAM-authenticated connection 12 hours after its last successful AUTH. */
    public static final Duration DEFAULT_IAM_CONNECTION_LIFETIME = Duration.ofHours(12);

    public CacheConfig(Path engineBinary, Duration reconcileInterval, Path externalCaches, FrontLimits frontLimits,
                       Duration iamConnectionLifetime) {
        this(engineBinary, reconcileInterval, externalCaches, frontLimits, iamConnectionLifetime, 0);
    }

    public CacheConfig(Path engineBinary, Duration reconcileInterval, Path externalCaches, FrontLimits frontLimits) {
        this(engineBinary, reconcileInterval, externalCaches, frontLimits, DEFAULT_IAM_CONNECTION_LIFETIME);
    }

    public CacheConfig(Path engineBinary, Duration reconcileInterval) {
        this(engineBinary, reconcileInterval, null);
    }

    public CacheConfig(Path engineBinary, Duration reconcileInterval, Path externalCaches) {
        this(engineBinary, reconcileInterval, externalCaches, FrontLimits.defaults());
    }

    public static CacheConfig defaults() {
        return new CacheConfig(null, DEFAULT_RECONCILE_INTERVAL, null);
    }
}
