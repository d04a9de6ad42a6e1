package dev.cachewarden.store;

import dev.cachewarden.domain.Cache;
import dev.cachewarden.domain.CacheSettings;
import java.util.Optional;

/** The settings a cache was created or modified with (domain.CacheSettings), one document a cache. */
public interface CacheSettingsRepository {
    Optional<CacheSettings> find(Cache.Ref cache);

    /** Stores or replaces the cache's settings. */
    void put(Cache.Ref cache, CacheSettings settings);

    void delete(Cache.Ref cache);
}
