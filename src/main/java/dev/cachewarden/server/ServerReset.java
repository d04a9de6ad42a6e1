package dev.cachewarden.server;

import dev.cachewarden.domain.Arn;
import dev.cachewarden.domain.Cache;
import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.ServerlessCache;
import dev.cachewarden.domain.User;
import dev.cachewarden.domain.UserGroup;
import dev.cachewarden.store.Store;
import dev.cachewarden.store.TaskQueue;
import dev.cachewarden.store.Transaction;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings a running server's state back to what a fresh start has, for test fixtures that share one
 * server between tests (cachewarden-junit): no tasks, no caches, no user groups, only the built-in
 * {@code default} user, no tags, no subnet or parameter groups but AWS's defaults. External caches stay
 * registered (they come from the configuration),
 * detached from any user group; no events. It goes through the store's own repositories in one transaction.
 */
final class ServerReset {
    /** Far more than any test creates; the queue is drained in rounds of this many. */
    private static final int ROUND = 10_000;

    private ServerReset() {}

    /** @return the caches removed, whose nodes the caller stops */
    static List<Cache> wipe(Store store, String region, String accountId) {
        return store.inTransaction(tx -> {
            drainTasks(tx.tasks());
            List<Cache> removed = new ArrayList<>();
            for (ReplicationGroup group : tx.replicationGroups().all()) {
                tx.tags().removeAll(arn(region, accountId, "replicationgroup", group.replicationGroupId()));
                group.nodes().forEach(n -> tx.tags().removeAll(arn(region, accountId, "cluster", n.cacheClusterId())));
                if (group.external()) {
                    tx.replicationGroups().updateUserGroups(group.replicationGroupId(), List.of(), null,
                            CacheStatus.AVAILABLE);
                } else {
                    tx.replicationGroups().delete(group.replicationGroupId());
                    removed.add(group);
                }
            }
            for (ServerlessCache cache : tx.serverlessCaches().all()) {
                tx.tags().removeAll(arn(region, accountId, "serverlesscache", cache.serverlessCacheName()));
                tx.serverlessCaches().delete(cache.serverlessCacheName());
                removed.add(cache);
            }
            deleteUserGroups(tx, region, accountId);
            deleteUsers(tx, region, accountId);
            deleteCacheGroups(tx, region, accountId);
            tx.users().insert(User.builtInDefault());
            tx.events().deleteBefore(Long.MAX_VALUE);
            return removed;
        });
    }

    /**
     * Claiming with "now" at the end of time takes every task, leased ones included; completing them
     * deletes them. A worker still holding one then fails to complete it and rolls its change back.
     */
    private static void drainTasks(TaskQueue tasks) {
        List<TaskQueue.Task> claimed;
        do {
            claimed = tasks.claimDue(Long.MAX_VALUE, Long.MAX_VALUE, ROUND);
            claimed.forEach(t -> tasks.complete(t.id()));
        } while (claimed.size() == ROUND);
    }

    /** Subnet and parameter groups made through the API (AWS's defaults are not stored). */
    private static void deleteCacheGroups(Transaction tx, String region, String accountId) {
        for (var g : tx.cacheSubnetGroups().list(null, ROUND)) {
            tx.tags().removeAll(arn(region, accountId, "subnetgroup", g.name()));
            tx.cacheSubnetGroups().delete(g.name());
        }
        for (var g : tx.cacheParameterGroups().list(null, ROUND)) {
            tx.tags().removeAll(arn(region, accountId, "parametergroup", g.name()));
            tx.cacheParameterGroups().delete(g.name());
        }
    }

    private static void deleteUserGroups(Transaction tx, String region, String accountId) {
        List<UserGroup> page;
        do {
            page = tx.userGroups().page(null, ROUND);
            for (UserGroup group : page) {
                tx.tags().removeAll(arn(region, accountId, "usergroup", group.userGroupId()));
                tx.userGroups().delete(group.userGroupId());
            }
        } while (!page.isEmpty());
    }

    private static void deleteUsers(Transaction tx, String region, String accountId) {
        List<User> page;
        do {
            page = tx.users().page(null, ROUND);
            for (User user : page) {
                tx.tags().removeAll(arn(region, accountId, "user", user.userId()));
                tx.users().delete(user.userId());
            }
        } while (!page.isEmpty());
    }

    private static String arn(String region, String accountId, String type, String id) {
        return Arn.of(region, accountId, type, id).toString();
    }
}
