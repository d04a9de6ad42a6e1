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

    CacheSettingsRepository cacheSettings();
}
