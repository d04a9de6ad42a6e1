package dev.cachewarden.store;

/** The transitions a worker completes after the API has accepted them. */
public enum TaskKind {
    USER_GROUP_CREATE,
    USER_GROUP_MODIFY,
    USER_GROUP_DELETE,
    USER_MODIFY,
    USER_DELETE,
    REPLICATION_GROUP_CREATE,
    REPLICATION_GROUP_MODIFY,
    REPLICATION_GROUP_DELETE,
    SERVERLESS_CACHE_CREATE,
    SERVERLESS_CACHE_MODIFY,
    SERVERLESS_CACHE_DELETE
}
