package dev.cachewarden.domain;

import java.util.List;

/**
 * A user group: {@code userIds} is the membership currently applied; a change accepted but not yet
 * applied waits in {@code pendingChanges} (null when none).
 */
public record UserGroup(
        String userGroupId,
        Engine engine,
        Status status,
        List<String> userIds,
        PendingChanges pendingChanges,
        List<String> replicationGroups,
        List<String> serverlessCaches,
        EngineVersion minimumEngineVersion,
        long version) {

    public UserGroup {
        userIds = List.copyOf(userIds);
        replicationGroups = List.copyOf(replicationGroups);
        serverlessCaches = List.copyOf(serverlessCaches);
    }
}
