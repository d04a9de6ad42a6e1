package dev.cachewarden.service;

import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.store.Store;
import dev.cachewarden.store.TaskQueue.Task;

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
            switch (task.kind()) {
                case REPLICATION_GROUP_CREATE -> tx.replicationGroups().find(id, true)
                        .filter(g -> g.status() == CacheStatus.CREATING)
                        .ifPresent(g -> tx.replicationGroups().updateStatus(id, CacheStatus.AVAILABLE));
                case REPLICATION_GROUP_MODIFY -> tx.replicationGroups().find(id, true)
                        .filter(g -> g.status() == CacheStatus.MODIFYING)
                        .ifPresent(g -> tx.replicationGroups().updateUserGroups(id, g.effectiveUserGroupIds(), null,
                                CacheStatus.AVAILABLE));
                case REPLICATION_GROUP_DELETE -> {
                    tx.replicationGroups().delete(id);
                    tx.tags().removeAll(id.startsWith(dev.cachewarden.domain.ReplicationGroup.SERVERLESS_PREFIX)
                            ? settings.serverlessCacheArn(id.substring(
                                    dev.cachewarden.domain.ReplicationGroup.SERVERLESS_PREFIX.length()))
                            : settings.replicationGroupArn(id));
                }
                default -> throw new IllegalArgumentException("not a cache task: " + task.kind());
            }
            tx.tasks().complete(task.id());
            return null;
        });
    }
}
