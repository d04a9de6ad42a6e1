package dev.cachewarden.engine.cluster;

import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.engine.CacheEngine;
import dev.cachewarden.store.Store;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster-mode shard's primary died. Restarted at once it would come back from its append-only file
 * (up to a second of writes short) and keep its slots; ElastiCache instead promotes a replica. So the
 * dead node is held down, a replica of its shard takes its slots ({@link ClusterFailover#replaceFailed}),
 * the store records the new primary, and only then does the old node restart: it rejoins from its
 * nodes.conf as a replica and gets its ACL again. A shard without a running replica restarts in place.
 */
final class ClusterPrimaryLoss {
    private static final Logger log = LoggerFactory.getLogger(ClusterPrimaryLoss.class);

    private final Store store;
    private final CacheEngine engine;
    private final ClusterFailover failover;

    ClusterPrimaryLoss(ClusterContext context, ClusterFailover failover) {
        this.store = context.store();
        this.engine = context.engine();
        this.failover = failover;
    }

    /** @return whether {@code cacheClusterId} is a cluster shard's primary this class now fails over (held down) */
    boolean handles(String cacheClusterId) {
        Optional<ReplicationGroup> group = store.inTransaction(tx -> tx.replicationGroups().all().stream()
                .filter(g -> g.nodes().stream().anyMatch(n -> n.primary() && n.cacheClusterId().equals(cacheClusterId)))
                .findFirst()).filter(g -> promotes(g, cacheClusterId));
        if (group.isEmpty()) {
            return false;
        }
        if (engine.hold(cacheClusterId)) {
            log.warn("primary {} of a node group of {} died; a replica takes its slots", cacheClusterId,
                    group.get().replicationGroupId());
            Thread.ofVirtual().name("cluster-failover-" + cacheClusterId).start(() -> failOver(group.get(),
                    cacheClusterId));
        }
        return true;
    }

    private boolean promotes(ReplicationGroup g, String primaryId) {
        String shard = g.nodes().stream().filter(n -> n.cacheClusterId().equals(primaryId)).findFirst()
                .map(CacheNode::nodeGroupId).orElse("");
        return g.runsAsCluster() && !g.external()
                && (g.status() == CacheStatus.AVAILABLE || g.status() == CacheStatus.MODIFYING)
                && g.servingNodes().stream().anyMatch(r -> !r.primary() && r.nodeGroupId().equals(shard)
                        && r.status() == CacheNode.Status.AVAILABLE && engine.supervisor().isRunning(r.cacheClusterId()));
    }

    private void failOver(ReplicationGroup seen, String oldPrimaryId) {
        try {
            engine.locked(seen.ref(), () -> {
                ReplicationGroup g = store.inTransaction(tx -> tx.replicationGroups().find(seen.replicationGroupId(),
                        false)).orElse(null);
                if (g == null) {
                    return;
                }
                ReplicationGroup now = g;
                if (g.nodes().stream().anyMatch(n -> n.primary() && n.cacheClusterId().equals(oldPrimaryId))
                        && promotes(g, oldPrimaryId)) {
                    now = failover.replaceFailed(g, oldPrimaryId).orElse(g);
                }
                failover.rejoin(now, oldPrimaryId);
            });
        } catch (RuntimeException e) {
            log.warn("failover of {} after {} died failed (the supervisor and reconciler retry): {}",
                    seen.replicationGroupId(), oldPrimaryId, e.toString());
        } finally {
            engine.release(oldPrimaryId);
        }
    }

    /**
     * The store made to follow a failover Redis Cluster made by itself (a primary that hung past
     * cluster-node-timeout): asked of an available group now and then by the primary watch.
     */
    void follow(ReplicationGroup g) {
        if (g.runsAsCluster() && !g.external() && g.status() == CacheStatus.AVAILABLE
                && g.nodes().stream().noneMatch(n -> engine.holding(n.cacheClusterId()))) {
            engine.locked(g.ref(), () -> store.inTransaction(tx -> tx.replicationGroups().find(g.replicationGroupId(),
                    false)).filter(now -> now.status() == CacheStatus.AVAILABLE).ifPresent(failover::follow));
        }
    }
}
