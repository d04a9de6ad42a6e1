package dev.cachewarden.engine.cluster;

import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.NodeGroup;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.engine.CacheEngine;
import dev.cachewarden.engine.NodeEngines;
import dev.cachewarden.engine.NodeUnavailableException;
import dev.cachewarden.engine.ReplicationInfo;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a cluster-mode group's modification does to its nodes before the ACL pass and the formation
 * ({@link ClusterFormation}, which meets new replicas and has them replicate their shard's master):
 * replicas removed from shards that stay are stopped (the formation then has every node forget them);
 * an engine upgrade replaces each shard's nodes in place on the new binary, replicas first, the primary
 * handed over to an upgraded replica ({@link ClusterFailover#handOver}) before its own turn; a TestFailover fails the
 * named shard over. Returns the group as it is afterwards.
 */
final class ClusterChanges {
    private static final Logger log = LoggerFactory.getLogger(ClusterChanges.class);
    private static final long SYNC_MILLIS = 20_000;

    private final ClusterContext context;
    private final CacheEngine engine;
    private final ClusterFailover failover;

    ClusterChanges(ClusterContext context, ClusterFailover failover) {
        this.context = context;
        this.engine = context.engine();
        this.failover = failover;
    }

    ReplicationGroup apply(ReplicationGroup stored) {
        stopRemovedReplicas(stored);
        ReplicationGroup group = failover.follow(stored);
        group = upgrade(group);
        if (group.failoverRequested()) {
            group = failover.planned(group);
        }
        return group;
    }

    /** Replicas being removed from a shard that keeps serving: stopped, their data removed. */
    private void stopRemovedReplicas(ReplicationGroup group) {
        for (NodeGroup shard : group.nodeGroups()) {
            boolean stays = shard.members().stream().anyMatch(n -> n.status() != CacheNode.Status.DELETING);
            for (CacheNode node : shard.members()) {
                if (stays && node.status() == CacheNode.Status.DELETING) {
                    engine.remove(node);
                }
            }
        }
    }

    /**
     * Each shard's nodes on the group's engine: every shard's replicas restarted on it first (all shards at
     * once: each keeps its primary meanwhile), then each shard's primary handed over to an upgraded replica
     * and restarted in its turn, shard by shard (a shard without replicas restarts its primary in place).
     */
    private ReplicationGroup upgrade(ReplicationGroup group) {
        Engine target = group.engine();
        if (group.servingNodes().stream().noneMatch(n -> outdated(n, target))) {
            return group;
        }
        engine.inParallel(group.nodeGroups().stream().flatMap(s -> s.replicas().stream())
                .filter(r -> outdated(r, target)).<Runnable>map(r -> () -> replace(group, r, target)).toList());
        List<NodeGroup> stale = group.nodeGroups().stream().filter(s -> outdated(s.primary(), target)).toList();
        // One shard after the other: each takeover bumps the cluster's epoch.
        stale.forEach(shard -> {
            CacheNode primary = shard.primary();
            boolean replicated = shard.replicas().stream().anyMatch(r -> r.status() == CacheNode.Status.AVAILABLE
                    && engine.supervisor().isRunning(r.cacheClusterId()));
            if (replicated) {
                // A planned hand-over: the replica takes every write the primary acknowledged, then its slots.
                ReplicationGroup now = failover.handOver(group, primary.cacheClusterId(), false);
                replace(now, primary.withPrimary(false), target);
            } else {
                replace(group, primary, target); // its append-only file brings every acknowledged write back
            }
        });
        log.info("upgrade of {}: every node runs {} now", group.replicationGroupId(), target.wire());
        ReplicationGroup now = context.store().inTransaction(tx -> tx.replicationGroups().find(group.replicationGroupId(),
                false)).orElse(group);
        // The roles the hand-overs changed, recorded for every node at once: no restart for them.
        CacheEngine.specs(now).forEach(engine.supervisor()::runsAs);
        return now;
    }

    private boolean outdated(CacheNode node, Engine target) {
        return node.status() == CacheNode.Status.AVAILABLE && engine.supervisor().isRunning(node.cacheClusterId())
                && NodeEngines.running(engine.supervisor(), node.cacheClusterId()) != target;
    }

    /** Restarts one node on the target engine with its directory (nodes.conf, AOF) kept; its ACL given back. */
    private void replace(ReplicationGroup group, CacheNode node, Engine target) {
        String id = node.cacheClusterId();
        NodeEngines.assign(engine.supervisor(), id, target);
        context.restartWithAcl(group, node);
        if (!node.primary()) {
            awaitSynced(id);
        }
        log.info("upgrade of {}: node {} runs {} now", group.replicationGroupId(), id, target.wire());
    }

    /** A replica back in its shard, its link up and its copy complete, before the next node goes down. */
    private void awaitSynced(String id) {
        long deadline = System.currentTimeMillis() + SYNC_MILLIS;
        while (true) {
            Optional<ReplicationInfo> info;
            try {
                info = Optional.of(context.replication(id));
            } catch (RuntimeException e) {
                info = Optional.empty();
            }
            if (info.isPresent() && info.get().replica() && info.get().linkUp() && info.get().synced()) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new NodeUnavailableException("replica " + id + " is not in sync after its upgrade");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NodeUnavailableException("interrupted while waiting for " + id);
            }
        }
    }
}
