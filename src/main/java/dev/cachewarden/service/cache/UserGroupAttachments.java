package dev.cachewarden.service.cache;

import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.Status;
import dev.cachewarden.domain.UserGroup;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.domain.fault.Fault;
import dev.cachewarden.service.Identifiers;
import dev.cachewarden.service.UserGroupService;
import dev.cachewarden.store.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which user groups may guard a cache: the ids a request names, a group ready to be attached (replication
 * groups' and serverless caches' alike), and a replication group's user groups on create and modify (one at
 * most, and only with encryption in transit).
 */
final class UserGroupAttachments {
    private UserGroupAttachments() {}

    /** The user group ids a request names, normalized, duplicates dropped. */
    static List<String> ids(Optional<List<String>> ids) {
        return Identifiers.normalizeAll("User group ID", ids);
    }

    /** The group exists, is active, and its engine may guard a cache of this engine. */
    static UserGroup attachable(Transaction tx, String groupId, Engine cacheEngine) {
        UserGroup group = tx.userGroups().find(groupId, false).orElseThrow(() -> UserGroupService.groupNotFound(groupId));
        if (group.status() != Status.ACTIVE) {
            throw new ElastiCacheFault(Fault.INVALID_USER_GROUP_STATE, "User group " + groupId + " is not in active "
                    + "state (it is " + group.status().wire() + ").");
        }
        if (cacheEngine == Engine.REDIS && group.engine() == Engine.VALKEY) {
            throw ElastiCacheFault.invalidCombination("VALKEY user groups can only be associated to VALKEY clusters.");
        }
        return group;
    }

    /** CreateReplicationGroup's UserGroupIds: one group at most, and TLS on. */
    static void checkCreate(List<String> groupIds, boolean tls) {
        if (groupIds.size() > 1) {
            throw ElastiCacheFault.invalidValue("A replication group can be associated with only one user group.");
        }
        if (!groupIds.isEmpty() && !tls) {
            throw ElastiCacheFault.invalidCombination(
                    "User group based access control requires encryption-in-transit to be enabled on the replication group.");
        }
    }

    /** The groups to detach: UserGroupIdsToRemove, or with RemoveUserGroups every group attached. */
    static List<String> removing(ReplicationGroup group, List<String> toRemove, boolean removeAll) {
        List<String> removing = new ArrayList<>(toRemove);
        if (removeAll) {
            for (String g : group.userGroupIds()) {
                if (!removing.contains(g)) {
                    removing.add(g);
                }
            }
        }
        return removing;
    }

    /** ModifyReplicationGroup's attach and detach, checked against the groups attached now. */
    static void checkModify(Transaction tx, ReplicationGroup group, List<String> toAdd, List<String> removing) {
        String id = group.replicationGroupId();
        for (String g : removing) {
            if (!group.userGroupIds().contains(g)) {
                throw ElastiCacheFault.invalidValue("User group " + g + " is not associated with replication group "
                        + id + ".");
            }
            if (toAdd.contains(g)) {
                throw ElastiCacheFault.invalidCombination("User group " + g + " cannot be both added and removed.");
            }
        }
        List<String> after = new ArrayList<>(group.userGroupIds());
        after.removeAll(removing);
        for (String g : toAdd) {
            if (after.contains(g)) {
                throw ElastiCacheFault.invalidValue("User group " + g + " is already associated with replication group "
                        + id + ".");
            }
            after.add(g);
        }
        if (after.size() > 1) {
            throw ElastiCacheFault.invalidCombination("A replication group can be associated with only one user group.");
        }
        if (!toAdd.isEmpty() && !group.transitEncryption()) {
            throw ElastiCacheFault.invalidCombination("User group based access control requires encryption-in-transit "
                    + "to be enabled on the replication group.");
        }
        for (String g : toAdd) {
            attachable(tx, g, group.engine());
        }
    }
}
