package dev.cachewarden.service.cache;

import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.service.ServiceEvents;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.store.Store;
import dev.cachewarden.store.TaskQueue.Task;
import dev.cachewarden.store.Transaction;

/**
 * How a cache's accepted change ends, once the engine has made it true on the nodes: creating and
 * modifying become available (a pending attach or detach becoming the applied one), deleting becomes gone.
 */
public final class CacheTransitions {
    private final Store store;
    private final ServiceSettings settings;

    public CacheTransitions(Store store, ServiceSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    public void complete(Task task) {
        store.inTransaction(tx -> {
            String id = task.resourceId();
            ServiceEvents.completing(tx, settings, task);
            switch (task.kind()) {
                case REPLICATION_GROUP_CREATE -> tx.replicationGroups().find(id, true)
                        .filter(g -> g.status() == CacheStatus.CREATING)
                        .ifPresent(g -> settle(tx, g, CacheStatus.AVAILABLE));
                case REPLICATION_GROUP_MODIFY -> tx.replicationGroups().find(id, true)
                        .filter(g -> g.status() == CacheStatus.MODIFYING)
                        .ifPresent(g -> {
                            settle(tx, g, CacheStatus.MODIFYING);
                            GroupMigrations.settle(tx, g);
                            tx.replicationGroups().updateUserGroups(id, g.effectiveUserGroupIds(), null,
                                    CacheStatus.AVAILABLE);
                        });
                case REPLICATION_GROUP_DELETE -> {
                    tx.replicationGroups().delete(id);
                    tx.tags().removeAll(settings.replicationGroupArn(id));
                }
                case SERVERLESS_CACHE_CREATE -> tx.serverlessCaches().find(id, true)
                        .filter(c -> c.status() == CacheStatus.CREATING)
                        .ifPresent(c -> tx.serverlessCaches().updateStatus(id, CacheStatus.AVAILABLE));
                case SERVERLESS_CACHE_MODIFY -> tx.serverlessCaches().find(id, true)
                        .filter(c -> c.status() == CacheStatus.MODIFYING)
                        .ifPresent(c -> tx.serverlessCaches().updateUserGroup(id,
                                c.effectiveUserGroupIds().isEmpty() ? null : c.effectiveUserGroupIds().get(0), null,
                                CacheStatus.AVAILABLE));
                case SERVERLESS_CACHE_DELETE -> {
                    tx.serverlessCaches().delete(id);
                    tx.tags().removeAll(settings.serverlessCacheArn(id));
                }
                default -> throw new IllegalArgumentException("not a cache task: " + task.kind());
            }
            tx.tasks().complete(task.id());
            return null;
        });
    }

    /**
     * A creation that kept failing ends here, its nodes already stopped and removed: the cache becomes
     * create-failed (only a delete is accepted from then on), with an event worded as AWS words its
     * own ("Failed to create replication group X: ..."), and the task is removed in the same
     * transaction. A cache no longer creating (deleted meanwhile) is left as it is.
     */
    public void fail(Task task, String cause) {
        String shortCause = shortCause(cause);
        store.inTransaction(tx -> {
            String id = task.resourceId();
            switch (task.kind()) {
                case REPLICATION_GROUP_CREATE -> tx.replicationGroups().find(id, true)
                        .filter(g -> g.status() == CacheStatus.CREATING).ifPresent(g -> {
                            tx.replicationGroups().updateStatus(id, CacheStatus.CREATE_FAILED);
                            ServiceEvents.creationFailed(tx, settings, task.kind(), id, shortCause);
                        });
                case SERVERLESS_CACHE_CREATE -> tx.serverlessCaches().find(id, true)
                        .filter(c -> c.status() == CacheStatus.CREATING).ifPresent(c -> {
                            tx.serverlessCaches().updateStatus(id, CacheStatus.CREATE_FAILED);
                            ServiceEvents.creationFailed(tx, settings, task.kind(), id, shortCause);
                        });
                default -> throw new IllegalArgumentException("not a cache creation: " + task.kind());
            }
            tx.tasks().complete(task.id());
            return null;
        });
    }

    /** The first line of a failure, cut to what an event shows (a node's start failure carries its log's tail). */
    static String shortCause(String cause) {
        String line = cause == null || cause.isBlank() ? "unknown error" : cause.strip().lines().findFirst().orElse("");
        return line.length() <= MAX_CAUSE ? line : line.substring(0, MAX_CAUSE - 1) + "…";
    }

    private static final int MAX_CAUSE = 400;

    /**
     * The node and failover changes the engine has just applied: added replicas become available,
     * removed ones are gone, AutomaticFailover enabling/disabling becomes enabled/disabled.
     */
    private static void settle(Transaction tx, ReplicationGroup g, CacheStatus status) {
        String id = g.replicationGroupId();
        for (CacheNode node : g.nodes()) {
            switch (node.status()) {
                case CREATING -> tx.replicationGroups().updateNodeStatus(node.cacheClusterId(), CacheNode.Status.AVAILABLE);
                case DELETING -> tx.replicationGroups().deleteNode(node.cacheClusterId());
                case AVAILABLE -> { }
            }
        }
        tx.replicationGroups().updateFailoverSettings(id, g.automaticFailover().settled(), g.multiAz(), status);
    }
}
