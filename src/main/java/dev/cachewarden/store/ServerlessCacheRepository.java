package dev.cachewarden.store;

import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.ServerlessCache;
import java.util.List;
import java.util.Optional;

/** Serverless caches and the nodes behind them, by ServerlessCacheName. */
public interface ServerlessCacheRepository {
    Optional<ServerlessCache> find(String serverlessCacheName, boolean forUpdate);

    /** Serverless caches in name order after {@code afterName} (exclusive; null for the first page). */
    List<ServerlessCache> page(String afterName, int limit);

    List<ServerlessCache> all();

    /** The names of serverless caches that have this user group attached, or attaching, or detaching. */
    List<String> referencing(String userGroupId);

    /** @return false when a serverless cache with that name already exists */
    boolean insert(ServerlessCache cache);

    void updateStatus(String serverlessCacheName, CacheStatus status);

    /** Sets the attached group (null for none) and the pending change (null for none) together. */
    void updateUserGroup(String serverlessCacheName, String userGroupId, ReplicationGroup.PendingUserGroups pending,
                         CacheStatus status);

    void updateDescription(String serverlessCacheName, String description);

    void delete(String serverlessCacheName);

    /** Sets Engine, MajorEngineVersion and FullEngineVersion (an upgrade accepted; the nodes follow one by one). */
    void updateEngine(String serverlessCacheName, dev.cachewarden.domain.Engine engine, String majorEngineVersion,
                      String fullEngineVersion);
}
