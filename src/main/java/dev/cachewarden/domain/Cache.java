package dev.cachewarden.domain;

import java.util.List;

/**
 * A cache whose nodes the engine runs and whose ACL it enforces: a replication group or a serverless
 * cache. The engine needs only what is common to both (nodes, TLS, the user groups to enforce).
 */
public sealed interface Cache permits ReplicationGroup, ServerlessCache {
    /** Names the cache among all caches (a replication group and a serverless cache may share an id). */
    Ref ref();

    /** Which table a cache lives in and its id there (ReplicationGroupId or ServerlessCacheName). */
    record Ref(Kind kind, String id) {
        public static Ref replicationGroup(String replicationGroupId) {
            return new Ref(Kind.REPLICATION_GROUP, replicationGroupId);
        }

        public static Ref serverlessCache(String serverlessCacheName) {
            return new Ref(Kind.SERVERLESS_CACHE, serverlessCacheName);
        }

        @Override
        public String toString() {
            return (kind == Kind.REPLICATION_GROUP ? "replication group " : "serverless cache ") + id;
        }
    }

    enum Kind { REPLICATION_GROUP, SERVERLESS_CACHE }

    CacheStatus status();

    List<CacheNode> nodes();

    boolean transitEncryption();

    /** The SHA-256 of the AuthToken guarding {@code default} without a user group; null when none. */
    PasswordHash authTokenHash();

    /** Whether the nodes are existing servers listed in the configuration, not started by us. */
    boolean external();

    /** The user groups the nodes should enforce once the pending change, if any, is applied. */
    List<String> effectiveUserGroupIds();

    /**
     * Whether cachewarden owns the nodes' ACL: always for the caches it runs; for an external cache only
     * while a user group guards it or is being attached or detached.
     */
    boolean aclManaged();

    default CacheNode primary() {
        return nodes().stream().filter(CacheNode::primary).findFirst().orElseThrow();
    }

    /** The user groups once {@code pending} (null for none) is applied to {@code attached}. */
    static List<String> effective(List<String> attached, ReplicationGroup.PendingUserGroups pending) {
        if (pending == null) {
            return attached;
        }
        List<String> ids = new java.util.ArrayList<>(attached);
        ids.removeAll(pending.toRemove());
        for (String id : pending.toAdd()) {
            if (!ids.contains(id)) {
                ids.add(id);
            }
        }
        return List.copyOf(ids);
    }
}
