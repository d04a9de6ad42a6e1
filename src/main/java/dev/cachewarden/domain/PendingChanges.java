package dev.cachewarden.domain;

import java.util.List;

/** A membership change accepted by ModifyUserGroup and not yet applied. */
public record PendingChanges(List<String> userIdsToAdd, List<String> userIdsToRemove) {
    public PendingChanges {
        userIdsToAdd = List.copyOf(userIdsToAdd);
        userIdsToRemove = List.copyOf(userIdsToRemove);
    }

    public boolean isEmpty() {
        return userIdsToAdd.isEmpty() && userIdsToRemove.isEmpty();
    }
}
