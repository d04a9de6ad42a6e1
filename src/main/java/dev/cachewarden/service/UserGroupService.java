package dev.cachewarden.service;

import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.PendingChanges;
import dev.cachewarden.domain.Status;
import dev.cachewarden.domain.Tag;
import dev.cachewarden.domain.User;
import dev.cachewarden.domain.UserGroup;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.domain.fault.Fault;
import dev.cachewarden.store.Store;
import dev.cachewarden.store.TaskKind;
import dev.cachewarden.store.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** CreateUserGroup, ModifyUserGroup, DeleteUserGroup and DescribeUserGroups. */
public final class UserGroupService {
    public record CreateUserGroup(String userGroupId, String engine, Optional<List<String>> userIds, List<Tag> tags) {}

    public record ModifyUserGroup(String userGroupId, Optional<List<String>> userIdsToAdd,
                                  Optional<List<String>> userIdsToRemove, Optional<String> engine) {}

    private final Store store;
    private final ServiceSettings settings;
    private final Runnable transitionsChanged;

    public UserGroupService(Store store, ServiceSettings settings, Runnable transitionsChanged) {
        this.store = store;
        this.settings = settings;
        this.transitionsChanged = transitionsChanged;
    }

    public UserGroup create(CreateUserGroup request) {
        String groupId = Identifiers.normalize("User group ID", request.userGroupId());
        Engine engine = Requests.engine(request.engine());
        List<String> userIds = userIds(request.userIds());
        Tags.check(request.tags(), settings.quotas().tagsPerResource());
        UserGroup created = store.inTransaction(tx -> {
            if (tx.userGroups().find(groupId, false).isPresent()) {
                throw groupExists(groupId);
            }
            UserGroup group = new UserGroup(groupId, engine, Status.CREATING, userIds, null, List.of(), List.of(),
                    null, 0);
            if (!tx.userGroups().insert(group)) {
                throw groupExists(groupId);
            }
            // Counted after the insert, which makes the count exact (UserGroupRepository.count); a throw
            // here or below rolls the insert back.
            long quota = settings.quotas().userGroups();
            if (tx.userGroups().count() > quota) {
                throw new ElastiCacheFault(Fault.USER_GROUP_QUOTA_EXCEEDED,
                        "The quota of " + settings.quotas().userGroups() + " user groups has been exceeded.");
            }
            List<User> members = existingUsers(tx, userIds);
            MembershipRules.checkResult(groupId, engine, members, settings.quotas().usersPerUserGroup());
            tx.tags().put(settings.userGroupArn(groupId), request.tags());
            tx.tasks().enqueue(TaskKind.USER_GROUP_CREATE, groupId, settings.transitionDueAt());
            ServiceEvents.accepted(tx, settings, TaskKind.USER_GROUP_CREATE, groupId);
            return tx.userGroups().find(groupId, false).orElseThrow();
        });
        transitionsChanged.run();
        return created;
    }

    public UserGroup modify(ModifyUserGroup request) {
        String groupId = Identifiers.normalize("User group ID", request.userGroupId());
        List<String> toAdd = userIds(request.userIdsToAdd());
        List<String> toRemove = userIds(request.userIdsToRemove());
        Optional<Engine> newEngine = request.engine().map(Requests::engine);
        if (toAdd.isEmpty() && toRemove.isEmpty() && newEngine.isEmpty()) {
            throw Requests.noModifications();
        }
        for (String id : toAdd) {
            if (toRemove.contains(id)) {
                throw ElastiCacheFault.invalidCombination("User " + id + " cannot be both added to and removed from "
                        + "the user group in one request.");
            }
        }
        boolean[] enqueued = {false};
        UserGroup modified = store.inTransaction(tx -> {
            enqueued[0] = false; // a retried transaction starts over
            UserGroup group = findForChange(tx, groupId, "modified");
            for (String id : toRemove) {
                if (!group.userIds().contains(id)) {
                    throw ElastiCacheFault.invalidValue("User " + id + " is not a member of user group " + groupId + ".");
                }
            }
            for (String id : toAdd) {
                if (group.userIds().contains(id)) {
                    throw ElastiCacheFault.invalidValue("User " + id + " is already a member of user group " + groupId + ".");
                }
            }
            List<String> result = new ArrayList<>(group.userIds());
            result.removeAll(toRemove);
            result.addAll(toAdd);
            Engine engine = newEngine.orElse(group.engine());
            existingUsers(tx, toAdd);
            MembershipRules.checkResult(groupId, engine, tx.users().findAllWithoutGroups(result, false),
                    settings.quotas().usersPerUserGroup());
            if (engine != group.engine()) {
                tx.userGroups().setEngine(groupId, engine);
            }
            PendingChanges pending = toAdd.isEmpty() && toRemove.isEmpty() ? null : new PendingChanges(toAdd, toRemove);
            if (pending != null && engine == group.engine() && appliesAtOnce(tx, group)) {
                // What the transition would do, in this transaction: no task, no worker's transaction.
                ServiceEvents.groupModificationAccepted(tx, settings, groupId, pending);
                ServiceEvents.groupModificationApplied(tx, settings, groupId);
                tx.userGroups().changeMembers(groupId, toRemove, toAdd);
            } else {
                tx.userGroups().updateStatus(groupId, Status.MODIFYING, pending);
                tx.tasks().enqueue(TaskKind.USER_GROUP_MODIFY, groupId, settings.transitionDueAt());
                ServiceEvents.groupModificationAccepted(tx, settings, groupId, pending);
                enqueued[0] = true;
            }
            if (engine != group.engine()) {
                return tx.userGroups().find(groupId, false).orElseThrow(); // the minimum version follows the engine
            }
            // The row is locked since findForChange: what it holds now is what was read, with the status,
            // the pending change and the version updateStatus wrote (no second read of members and caches).
            return new UserGroup(groupId, engine, Status.MODIFYING, group.userIds(), pending,
                    group.replicationGroups(), group.serverlessCaches(), group.minimumEngineVersion(),
                    group.version() + 1);
        });
        if (enqueued[0]) {
            transitionsChanged.run();
        }
        return modified;
    }

    /**
     * A membership change with no transition delay to a group no cache uses (attached, being attached or
     * detached: the worker's store-only test) ends as its transition would, so it is applied in the
     * request's transaction. The answer still says {@code modifying} with the pending change, as AWS's
     * does; a client reading afterwards finds the group active with its new members, as it would once
     * the worker had run. Any delay keeps the transition, observable as before.
     */
    private boolean appliesAtOnce(Transaction tx, UserGroup group) {
        return settings.transitionDelay().isZero() && group.replicationGroups().isEmpty()
                && group.serverlessCaches().isEmpty()
                && tx.replicationGroups().referencing(group.userGroupId()).isEmpty()
                && tx.serverlessCaches().referencing(group.userGroupId()).isEmpty();
    }

    public UserGroup delete(String rawGroupId) {
        String groupId = Identifiers.normalize("User group ID", rawGroupId);
        UserGroup deleting = store.inTransaction(tx -> {
            UserGroup group = findForChange(tx, groupId, "deleted");
            if (!group.replicationGroups().isEmpty() || !group.serverlessCaches().isEmpty()) {
                throw new ElastiCacheFault(Fault.INVALID_USER_GROUP_STATE, "User group " + groupId
                        + " is associated with a replication group or serverless cache; disassociate it first.");
            }
            tx.userGroups().updateStatus(groupId, Status.DELETING, null);
            tx.tasks().enqueue(TaskKind.USER_GROUP_DELETE, groupId, settings.transitionDueAt());
            ServiceEvents.accepted(tx, settings, TaskKind.USER_GROUP_DELETE, groupId);
            return tx.userGroups().find(groupId, false).orElseThrow();
        });
        transitionsChanged.run();
        return deleting;
    }

    public Page<UserGroup> describe(Optional<String> userGroupId, Integer maxRecords, String marker) {
        int max = Paging.maxRecords(maxRecords, Paging.RBAC);
        String after = Paging.afterId(marker);
        return store.readSnapshot(tx -> {
            if (userGroupId.isPresent()) {
                String id = Identifiers.normalize("User group ID", userGroupId.get());
                UserGroup group = tx.userGroups().find(id, false).orElseThrow(() -> groupNotFound(id));
                return new Page<>(after == null || id.compareTo(after) > 0 ? List.of(group) : List.of(), null);
            }
            List<UserGroup> page = tx.userGroups().page(after, max + 1);
            if (page.size() > max) {
                return new Page<>(page.subList(0, max), Paging.markerAfter(page.get(max - 1).userGroupId()));
            }
            return new Page<>(page, null);
        });
    }

    private UserGroup findForChange(Transaction tx, String groupId, String verb) {
        UserGroup group = tx.userGroups().find(groupId, true).orElseThrow(() -> groupNotFound(groupId));
        if (group.status() != Status.ACTIVE) {
            throw new ElastiCacheFault(Fault.INVALID_USER_GROUP_STATE, "User group " + groupId + " has status "
                    + group.status().wire() + ". Only active user groups can be " + verb + ".");
        }
        return group;
    }

    /**
     * The users with these ids, in the same order; UserNotFound for the first missing or deleting one.
     * Their rows stay locked, so a concurrent DeleteUser cannot slip in before this membership commits.
     */
    private static List<User> existingUsers(Transaction tx, List<String> userIds) {
        List<User> found = tx.users().findAllWithoutGroups(userIds, true);
        List<User> ordered = new ArrayList<>(userIds.size());
        for (String id : userIds) {
            User user = found.stream().filter(u -> u.userId().equals(id)).findFirst()
                    .orElseThrow(() -> UserService.userNotFound(id));
            if (user.status() == Status.DELETING) {
                throw UserService.userNotFound(id);
            }
            ordered.add(user);
        }
        return ordered;
    }

    /**
     * Validates, lowercases and de-duplicates a list of user ids. An absent list and an empty one
     * ({@code UserIds=}, as the SDKs send an empty list) both mean "no users": the SDK for Java
     * does not enforce the model's minimum of one, and refusing what it sends helps nobody.
     */
    private static List<String> userIds(Optional<List<String>> ids) {
        return Identifiers.normalizeAll("User ID", ids);
    }

    public static ElastiCacheFault groupNotFound(String groupId) {
        return new ElastiCacheFault(Fault.USER_GROUP_NOT_FOUND, "User group " + groupId + " not found.");
    }

    private static ElastiCacheFault groupExists(String groupId) {
        return new ElastiCacheFault(Fault.USER_GROUP_ALREADY_EXISTS, "User group " + groupId + " already exists.");
    }
}
