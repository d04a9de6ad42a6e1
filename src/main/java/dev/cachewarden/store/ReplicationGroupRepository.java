package dev.cachewarden.store;

import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.ReplicationGroup;
import java.util.List;
import java.util.Optional;

public interface ReplicationGroupRepository {
    Optional<ReplicationGroup> find(String replicationGroupId, boolean forUpdate);

    /** Replication groups in id order after {@code afterId} (exclusive; null for the first page). */
    List<ReplicationGroup> page(String afterId, int limit);

    List<ReplicationGroup> all();

    /** The ids of replication groups that have this user group attached, or attaching, or detaching. */
    List<String> referencing(String userGroupId);

    /**
     * Loopback ports any stored node or serverless endpoint holds (replication groups' and serverless
     * caches' alike), so a new node does not take one of a node that is down.
     */
    List<Integer> portsInUse();

    /** @return false when a replication group with that id already exists */
    boolean insert(ReplicationGroup group);

    void updateStatus(String replicationGroupId, CacheStatus status);

    /** Sets the attached groups and the pending change (null for none) together. */
    void updateUserGroups(String replicationGroupId, List<String> userGroupIds,
                          ReplicationGroup.PendingUserGroups pending, CacheStatus status);

    /** An external cache's nodes as its configuration now lists them. */
    void replaceNodes(String replicationGroupId, List<dev.cachewarden.domain.CacheNode> nodes);

    void updateDescription(String replicationGroupId, String description);

    void delete(String replicationGroupId);
}
