package dev.cachewarden.service;

import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.PendingChanges;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.Status;
import dev.cachewarden.domain.UserGroup;
import dev.cachewarden.events.SourceType;
import dev.cachewarden.store.TaskKind;
import dev.cachewarden.store.TaskQueue.Task;
import dev.cachewarden.store.Transaction;

/**
 * The events the rules record, worded in one place, each in the transaction of the change it
 * reports: when an API call accepts a change ({@link #accepted}) and when its transition completes
 * ({@link #completing}, called before the completion's own writes, to see the state it ends).
 * AWS documents the cache-cluster wording ("Cache cluster created"); for the rest it documents none,
 * so the messages follow the same plain form (README, "Events").
 */
public final class ServiceEvents {
    private ServiceEvents() {}

    public static void userCreated(Transaction tx, ServiceSettings settings, String userId) {
        record(tx, settings, SourceType.USER, userId, "User " + userId + " created");
    }

    /** An API call enqueued {@code kind} for {@code id}: the change has started. */
    public static void accepted(Transaction tx, ServiceSettings settings, TaskKind kind, String id) {
        switch (kind) {
            case USER_MODIFY -> record(tx, settings, SourceType.USER, id, "Modification of user " + id + " started");
            case USER_DELETE -> record(tx, settings, SourceType.USER, id, "Deletion of user " + id + " started");
            case USER_GROUP_CREATE -> record(tx, settings, SourceType.USER_GROUP, id,
                    "Creation of user group " + id + " started");
            case USER_GROUP_MODIFY -> groupModificationAccepted(tx, settings, id,
                    tx.userGroups().find(id, false).map(g -> g.pendingChanges()).orElse(null));
            case USER_GROUP_DELETE -> record(tx, settings, SourceType.USER_GROUP, id,
                    "Deletion of user group " + id + " started");
            case REPLICATION_GROUP_CREATE -> record(tx, settings, SourceType.REPLICATION_GROUP, id,
                    "Creation of replication group " + id + " started");
            case REPLICATION_GROUP_MODIFY -> {
                ReplicationGroup.PendingUserGroups pending = tx.replicationGroups().find(id, false)
                        .map(ReplicationGroup::pendingUserGroups).orElse(null);
                record(tx, settings, SourceType.REPLICATION_GROUP, id, "Modification of replication group " + id
                        + " started" + (pending == null ? "" : ": user groups to add " + pending.toAdd()
                                + ", user groups to remove " + pending.toRemove()));
            }
            case REPLICATION_GROUP_DELETE -> record(tx, settings, SourceType.REPLICATION_GROUP, id,
                    "Deletion of replication group " + id + " started");
            case SERVERLESS_CACHE_CREATE -> record(tx, settings, SourceType.SERVERLESS_CACHE, id,
                    "Creation of serverless cache " + id + " started");
            case SERVERLESS_CACHE_MODIFY -> record(tx, settings, SourceType.SERVERLESS_CACHE, id,
                    "Modification of serverless cache " + id + " started");
            case SERVERLESS_CACHE_DELETE -> record(tx, settings, SourceType.SERVERLESS_CACHE, id,
                    "Deletion of serverless cache " + id + " started");
        }
    }

    /**
     * ModifyUserGroup accepted {@code pending} for group {@code id}: {@link #accepted}'s wording, from
     * the change the caller holds (re-reading the group with its members and caches cost three statements).
     */
    public static void groupModificationAccepted(Transaction tx, ServiceSettings settings, String id,
                                                 PendingChanges pending) {
        record(tx, settings, SourceType.USER_GROUP, id, "Modification of user group " + id + " started"
                + (pending == null ? "" : ": users to add " + pending.userIdsToAdd() + ", users to remove "
                        + pending.userIdsToRemove()));
    }

    /**
     * A user group's creation or modification is about to complete in {@code tx}, {@code g} as the
     * caller just read it ({@link #completing} leaves these two to it: the group read with its members
     * was a third of completing a ModifyUserGroup, and Transitions reads it to activate it anyway).
     */
    public static void groupCompleting(Transaction tx, ServiceSettings settings, UserGroup g) {
        String id = g.userGroupId();
        if (g.status() == Status.CREATING) {
            record(tx, settings, SourceType.USER_GROUP, id, "User group " + id + " created");
        } else if (g.status() == Status.MODIFYING) {
            groupModificationApplied(tx, settings, id);
        }
    }

    /** A user group's modification took effect (its transition completed, or the change applied at once). */
    public static void groupModificationApplied(Transaction tx, ServiceSettings settings, String id) {
        record(tx, settings, SourceType.USER_GROUP, id, "Modifications applied to user group " + id);
    }

    /** {@code task}'s transition is about to complete in {@code tx}: what it will have done. */
    public static void completing(Transaction tx, ServiceSettings settings, Task task) {
        String id = task.resourceId();
        switch (task.kind()) {
            case USER_MODIFY -> tx.users().find(id, true).filter(u -> u.status() == Status.MODIFYING).ifPresent(u ->
                    record(tx, settings, SourceType.USER, id, "Modifications applied to user " + id));
            case USER_DELETE -> tx.users().find(id, true).ifPresent(u ->
                    record(tx, settings, SourceType.USER, id, "User " + id + " deleted"));
            case USER_GROUP_CREATE, USER_GROUP_MODIFY -> {
                // groupCompleting, with the group its caller (Transitions) reads anyway to activate it
            }
            case USER_GROUP_DELETE -> tx.userGroups().find(id, true).ifPresent(g ->
                    record(tx, settings, SourceType.USER_GROUP, id, "User group " + id + " deleted"));
            case REPLICATION_GROUP_CREATE -> tx.replicationGroups().find(id, true)
                    .filter(g -> g.status() == CacheStatus.CREATING).ifPresent(g -> {
                        for (CacheNode node : g.nodes()) {
                            record(tx, settings, SourceType.CACHE_CLUSTER, node.cacheClusterId(), "Cache cluster created");
                        }
                        record(tx, settings, SourceType.REPLICATION_GROUP, id, "Replication group " + id + " created");
                    });
            case REPLICATION_GROUP_MODIFY -> tx.replicationGroups().find(id, true)
                    .filter(g -> g.status() == CacheStatus.MODIFYING).ifPresent(g -> record(tx, settings,
                            SourceType.REPLICATION_GROUP, id, "Modifications applied to replication group " + id));
            case REPLICATION_GROUP_DELETE -> tx.replicationGroups().find(id, true).ifPresent(g -> {
                for (CacheNode node : g.nodes()) {
                    record(tx, settings, SourceType.CACHE_CLUSTER, node.cacheClusterId(), "Cache cluster deleted");
                }
                record(tx, settings, SourceType.REPLICATION_GROUP, id, "Replication group " + id + " deleted");
            });
            case SERVERLESS_CACHE_CREATE -> tx.serverlessCaches().find(id, true)
                    .filter(c -> c.status() == CacheStatus.CREATING).ifPresent(c -> record(tx, settings,
                            SourceType.SERVERLESS_CACHE, id, "Serverless cache " + id + " created"));
            case SERVERLESS_CACHE_MODIFY -> tx.serverlessCaches().find(id, true)
                    .filter(c -> c.status() == CacheStatus.MODIFYING).ifPresent(c -> record(tx, settings,
                            SourceType.SERVERLESS_CACHE, id, "Modifications applied to serverless cache " + id));
            case SERVERLESS_CACHE_DELETE -> tx.serverlessCaches().find(id, true).ifPresent(c -> record(tx, settings,
                    SourceType.SERVERLESS_CACHE, id, "Serverless cache " + id + " deleted"));
        }
    }

    /**
     * A cache's creation that failed for good (create-failed), with the failure's first line. Our
     * wording: AWS documents a "Cache Creation Failed" EventBridge event, but no DescribeEvents text for it.
     */
    public static void creationFailed(Transaction tx, ServiceSettings settings, TaskKind kind, String id,
                                      String cause) {
        switch (kind) {
            case REPLICATION_GROUP_CREATE -> record(tx, settings, SourceType.REPLICATION_GROUP, id,
                    "Failed to create replication group " + id + ": " + cause);
            case SERVERLESS_CACHE_CREATE -> record(tx, settings, SourceType.SERVERLESS_CACHE, id,
                    "Failed to create serverless cache " + id + ": " + cause);
            default -> throw new IllegalArgumentException("not a cache creation: " + kind);
        }
    }

    /** AWS's own wording (TestFailover's documentation lists it first among the failover events). */
    public static void testFailoverCalled(Transaction tx, ServiceSettings settings, String replicationGroupId,
                                          String nodeGroupId) {
        record(tx, settings, SourceType.REPLICATION_GROUP, replicationGroupId,
                "Test Failover API called for node group " + nodeGroupId);
    }

    private static void record(Transaction tx, ServiceSettings settings, SourceType type, String id, String message) {
        tx.events().record(type, id, message, settings.clock().millis());
    }
}
