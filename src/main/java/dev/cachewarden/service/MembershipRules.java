package dev.cachewarden.service;

import dev.cachewarden.domain.Authentication;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.PendingChanges;
import dev.cachewarden.domain.User;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.domain.fault.Fault;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a user group's membership must satisfy, judged on the membership that would result from a
 * request (so a default-user swap in one ModifyUserGroup works).
 */
final class MembershipRules {
    private MembershipRules() {}

    /** Engine compatibility of one member: per AWS's RBAC page, as of the Valkey launch. */
    static void checkMember(Engine groupEngine, User user) {
        if (groupEngine == Engine.REDIS && user.engine() == Engine.VALKEY) {
            throw ElastiCacheFault.invalidValue("User " + user.userId() + " has engine valkey; valkey users can only "
                    + "belong to valkey user groups.");
        }
        if (groupEngine == Engine.VALKEY && user.authentication() instanceof Authentication.NoPassword) {
            throw ElastiCacheFault.invalidValue("User " + user.userId() + " does not use password or IAM "
                    + "authentication; valkey user groups can only contain users that authenticate.");
        }
    }

    static void checkResult(String groupId, Engine engine, List<User> members, int maxMembers) {
        if (members.size() > maxMembers) {
            throw new ElastiCacheFault(Fault.USER_GROUP_QUOTA_EXCEEDED, "The number of users in user group "
                    + groupId + " would exceed the limit of " + maxMembers + " users per user group.");
        }
        Map<String, String> byName = new HashMap<>();
        for (User user : members) {
            checkMember(engine, user);
            String other = byName.putIfAbsent(user.userName(), user.userId());
            if (other != null) {
                throw new ElastiCacheFault(Fault.DUPLICATE_USER_NAME, "Users " + other + " and " + user.userId()
                        + " have the same user name " + user.userName() + "; user names must be unique within a "
                        + "user group.");
            }
        }
        if (engine == Engine.REDIS && !byName.containsKey(User.DEFAULT_USER_NAME)) {
            throw new ElastiCacheFault(Fault.DEFAULT_USER_REQUIRED,
                    "User group needs to contain a user with the user name default.");
        }
    }

    static PendingChanges withoutUser(PendingChanges pending, String userId) {
        return new PendingChanges(
                pending.userIdsToAdd().stream().filter(id -> !id.equals(userId)).toList(),
                pending.userIdsToRemove().stream().filter(id -> !id.equals(userId)).toList());
    }
}
