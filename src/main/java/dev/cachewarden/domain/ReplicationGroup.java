package dev.cachewarden.domain;

import java.util.List;

/**
 * A replication group with one shard: a primary and its replicas, each a real node.
 *
 * @param userGroupIds the user groups applied to the nodes (at most one)
 * @param pendingUserGroups an attach or detach accepted but not yet applied; null when none
 * @param authTokenHash the SHA-256 of the AuthToken guarding {@code default} when no user group is attached
 * @param external whether the nodes are existing servers listed in the configuration, not started by us
 */
public record ReplicationGroup(
        String replicationGroupId,
        String description,
        Engine engine,
        String engineVersion,
        CacheStatus status,
        boolean transitEncryption,
        PasswordHash authTokenHash,
        List<String> userGroupIds,
        PendingUserGroups pendingUserGroups,
        List<CacheNode> nodes,
        long createdAtMillis,
        boolean external,
        long version) {

    /**
     * Serverless caches are kept as replication groups of one node under an id no replication group can
     * have (ids never contain two hyphens in a row), so the two namespaces stay apart as on AWS.
     */
    public static final String SERVERLESS_PREFIX = "serverless--";

    public static String serverlessId(String serverlessCacheName) {
        return SERVERLESS_PREFIX + serverlessCacheName;
    }

    public boolean serverless() {
        return replicationGroupId.startsWith(SERVERLESS_PREFIX);
    }

    /** The ServerlessCacheName of a serverless cache. */
    public String serverlessCacheName() {
        return replicationGroupId.substring(SERVERLESS_PREFIX.length());
    }

    public ReplicationGroup {
        userGroupIds = List.copyOf(userGroupIds);
        nodes = List.copyOf(nodes);
    }

    /** UserGroupIdsToAdd / UserGroupIdsToRemove of PendingModifiedValues.UserGroups. */
    public record PendingUserGroups(List<String> toAdd, List<String> toRemove) {
        public PendingUserGroups {
            toAdd = List.copyOf(toAdd);
            toRemove = List.copyOf(toRemove);
        }
    }

    /** The user groups the nodes should enforce once the pending change, if any, is applied. */
    public List<String> effectiveUserGroupIds() {
        if (pendingUserGroups == null) {
            return userGroupIds;
        }
        java.util.List<String> ids = new java.util.ArrayList<>(userGroupIds);
        ids.removeAll(pendingUserGroups.toRemove());
        for (String id : pendingUserGroups.toAdd()) {
            if (!ids.contains(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * Whether cachewarden owns the nodes' ACL: always for the caches it runs; for an external cache only
     * while a user group guards it or is being attached or detached.
     */
    public boolean aclManaged() {
        return !external || !effectiveUserGroupIds().isEmpty() || pendingUserGroups != null;
    }

    public CacheNode primary() {
        return nodes.stream().filter(CacheNode::primary).findFirst().orElseThrow();
    }

    public ReplicationGroup withStatus(CacheStatus newStatus) {
        return new ReplicationGroup(replicationGroupId, description, engine, engineVersion, newStatus, transitEncryption,
                authTokenHash, userGroupIds, pendingUserGroups, nodes, createdAtMillis, external, version);
    }
}
