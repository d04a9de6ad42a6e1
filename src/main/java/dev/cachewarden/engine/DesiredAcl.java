package dev.cachewarden.engine;

import dev.cachewarden.domain.Cache;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.Status;
import dev.cachewarden.domain.User;
import dev.cachewarden.domain.UserGroup;
import dev.cachewarden.engine.node.AdminCredentials;
import dev.cachewarden.store.Transaction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ACL users every node of a cache should have: the members of its user group as the group will be
 * once its pending change is applied (so the nodes are changed before the change is reported applied),
 * without users being deleted; the group's {@code default}-named user defines the node's {@code default}.
 * Without a group, {@code default} is open (or guarded by the AuthToken).
 */
public final class DesiredAcl {
    private DesiredAcl() {}

    public static List<AclUser> of(Transaction tx, Cache cache) {
        List<String> groupIds = cache.effectiveUserGroupIds();
        if (groupIds.isEmpty() && cache.external()) {
            // Detached from an external server: the group's users go, its default stays as it was.
            return List.of();
        }
        if (groupIds.isEmpty()) {
            return List.of(TokenDefault.of(cache));
        }
        Map<String, AclUser> users = new LinkedHashMap<>();
        for (String groupId : groupIds) {
            UserGroup group = tx.userGroups().find(groupId, false).orElse(null);
            if (group == null) {
                continue;
            }
            for (User user : tx.users().findAllWithoutGroups(effectiveMembers(group), false)) { // a user's groups: not in its ACL
                if (user.status() != Status.DELETING && !AdminCredentials.USER_NAME.equals(user.userName())) {
                    users.putIfAbsent(user.userName(), AclUser.of(user));
                }
            }
            if (group.engine() == Engine.VALKEY && !users.containsKey(AclUser.DEFAULT)) {
                // AWS: attaching a valkey group turns the engine's default user off.
                users.put(AclUser.DEFAULT, AclUser.disabledDefault());
            }
        }
        users.putIfAbsent(AclUser.DEFAULT, AclUser.disabledDefault());
        return new ArrayList<>(users.values());
    }

    static List<String> effectiveMembers(UserGroup group) {
        List<String> members = new ArrayList<>(group.userIds());
        if (group.pendingChanges() != null) {
            members.removeAll(group.pendingChanges().userIdsToRemove());
            for (String id : group.pendingChanges().userIdsToAdd()) {
                if (!members.contains(id)) {
                    members.add(id);
                }
            }
        }
        return members;
    }
}
