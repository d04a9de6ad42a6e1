package dev.cachewarden.store;

/** The repositories, bound to one open transaction. */
public interface Transaction {
    UserRepository users();

    UserGroupRepository userGroups();

    TagRepository tags();

    TaskQueue tasks();

    ReplicationGroupRepository replicationGroups();

    ServerlessCacheRepository serverlessCaches();

    EventRepository events();

    // Cache subnet and parameter groups (issue 14). Defaults so test doubles of a transaction need not change.
    default CacheSubnetGroupRepository cacheSubnetGroups() {
        throw new UnsupportedOperationException("cache subnet groups");
    }

    default CacheParameterGroupRepository cacheParameterGroups() {
        throw new UnsupportedOperationException("cache parameter groups");
    }

    default ReplicationGroupCacheGroupRepository replicationGroupCacheGroups() {
        throw new UnsupportedOperationException("replication group cache groups");
    }
    CacheSettingsRepository cacheSettings();
}
