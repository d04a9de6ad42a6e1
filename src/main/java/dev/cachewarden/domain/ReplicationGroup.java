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
        long version) implements Cache {

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

    @Override
    public Ref ref() {
        return Ref.replicationGroup(replicationGroupId);
    }

    @Override
    public List<String> effectiveUserGroupIds() {
        return Cache.effective(userGroupIds, pendingUserGroups);
    }

    @Override
    public boolean aclManaged() {
        return !external || !effectiveUserGroupIds().isEmpty() || pendingUserGroups != null;
    }

    public ReplicationGroup withStatus(CacheStatus newStatus) {
        return new ReplicationGroup(replicationGroupId, description, engine, engineVersion, newStatus, transitEncryption,
                authTokenHash, userGroupIds, pendingUserGroups, nodes, createdAtMillis, external, version);
    }
}
