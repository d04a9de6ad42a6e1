package dev.cachewarden.service;

import dev.cachewarden.domain.PendingChanges;
import dev.cachewarden.domain.Status;
import dev.cachewarden.domain.User;
import dev.cachewarden.domain.UserGroup;
import dev.cachewarden.store.Store;
import dev.cachewarden.store.TaskQueue.Task;
import dev.cachewarden.store.Transaction;
import java.util.ArrayList;
import java.util.List;

/**
 * How an accepted change ends: {@code creating} and {@code modifying} become {@code active} (a
 * group's pending membership becoming its applied one), {@code deleting} becomes gone. Each runs in
 * one transaction together with the removal of its task, so it happens exactly once.
 */
public final class Transitions {
    private final Store store;
    private final ServiceSettings settings;

    public Transitions(Store store, ServiceSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    public void complete(Task task) {
        store.inTransaction(tx -> {
            complete(tx, task);
            return null;
        });
    }

    /** Completes the task inside {@code tx}, which also removes it (or fails if it is gone). */
    public void complete(Transaction tx, Task task) {
        String id = task.resourceId();
        ServiceEvents.completing(tx, settings, task);
        switch (task.kind()) {
            // The group read once, for its event and its activation.
            case USER_GROUP_CREATE, USER_GROUP_MODIFY -> tx.userGroups().find(id, true).ifPresent(group -> {
                ServiceEvents.groupCompleting(tx, settings, group);
                activate(tx, group);
            });
            case USER_GROUP_DELETE -> {
                tx.userGroups().delete(id);
                tx.tags().removeAll(settings.userGroupArn(id));
            }
            case USER_MODIFY -> tx.users().find(id, true).filter(u -> u.status() == Status.MODIFYING)
                    .ifPresent(u -> tx.users().update(u.withStatus(Status.ACTIVE)));
            case USER_DELETE -> {
                tx.users().delete(id);
                tx.tags().removeAll(settings.userArn(id));
            }
            default -> throw new IllegalArgumentException("not a user or user group task: " + task.kind());
        }
        tx.tasks().complete(task.id());
    }

    private static void activate(Transaction tx, UserGroup group) {
        if (group.status() != Status.CREATING && group.status() != Status.MODIFYING) {
            return;
        }
        PendingChanges pending = group.pendingChanges();
        if (pending != null) {
            List<String> members = new ArrayList<>(group.userIds());
            members.removeAll(pending.userIdsToRemove());
            // A user deleted while the change was pending is not added back.
            List<String> stillThere = tx.users().findAllWithoutGroups(pending.userIdsToAdd(), false).stream()
                    .filter(u -> u.status() != Status.DELETING).map(User::userId).toList();
            for (String id : pending.userIdsToAdd()) {
                if (stillThere.contains(id) && !members.contains(id)) {
                    members.add(id);
                }
            }
            tx.userGroups().setMembers(group.userGroupId(), members);
        }
        tx.userGroups().updateStatus(group.userGroupId(), Status.ACTIVE, null);
    }
}
