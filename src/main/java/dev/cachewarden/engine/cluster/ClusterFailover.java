package dev.cachewarden.engine.cluster;

import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.NodeGroup;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.engine.CacheEngine;
import dev.cachewarden.engine.node.NodeAddress;
import dev.cachewarden.engine.NodeConnector;
import dev.cachewarden.engine.NodeUnavailableException;
import dev.cachewarden.engine.ReplicationInfo;
import dev.cachewarden.events.SourceType;
import io.lettuce.core.protocol.CommandType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster-mode shard's primary replaced by one of its replicas with {@code CLUSTER FAILOVER TAKEOVER},
 * which needs no majority vote (two shards cannot outvote each other). For TestFailover and an upgrade the
 * old primary's writes are paused until the replica has them all, as CLUSTER FAILOVER's own handshake
 * does; a primary that died is held down so it cannot come back as a second master. The store then follows the cluster ({@link #follow}): whichever node serves a shard's
 * slots is its primary. A dead old primary comes back from its nodes.conf, finds its slots owned by a
 * newer epoch and turns replica by itself; cachewarden gives it its ACL again.
 */
final class ClusterFailover {
    private static final Logger log = LoggerFactory.getLogger(ClusterFailover.class);
    private static final long PROMOTE_MILLIS = 10_000;
    /** How long a hand-over holds the old primary's writes while its replica catches up. */
    private static final long PAUSE_MILLIS = 5_000;

    private final ClusterContext context;
    private final CacheEngine engine;
    private final NodeConnector connector;

    ClusterFailover(ClusterContext context) {
        this.context = context;
        this.engine = context.engine();
        this.connector = context.connector();
    }

    /** TestFailover of the shard holding {@code group.failoverTo()}: @return the group as stored afterwards */
    ReplicationGroup planned(ReplicationGroup group) {
        return handOver(group, group.failoverTo(), true);
    }

    /**
     * The shard holding {@code member} handed over to its most up-to-date replica with CLUSTER FAILOVER
     * (the primary stops taking writes until the replica has them all). @param testFailover whether this
     * carries out an accepted TestFailover (then no longer pending)
     */
    ReplicationGroup handOver(ReplicationGroup group, String member, boolean testFailover) {
        NodeGroup shard = shardOf(group, member);
        NodeAddress primary = context.address(shard.primary().cacheClusterId());
        long offset = connector.withSession(primary, s -> {
            s.pauseWrites(PAUSE_MILLIS);
            return ReplicationInfo.parse(s.info("replication")).offset();
        });
        CacheNode next = best(group, shard).orElseThrow(() -> new NodeUnavailableException("no replica of node group "
                + shard.nodeGroupId() + " of " + group.replicationGroupId() + " answers"));
        awaitOffset(next, offset);
        promote(next, "FAILOVER", "TAKEOVER");
        connector.withSession(primary, s -> s.raw(CommandType.CLIENT, "UNPAUSE"));
        // The old primary itself sees it is a replica now. It learns so by gossip after the takeover; restarted
        // before (an engine upgrade restarts it right after the hand-over), it came back from its nodes.conf
        // as the slots' master, did not sync as a replica, and refused CLUSTER REPLICATE on every retry.
        awaitRole(primary, false, "old primary " + shard.primary().cacheClusterId() + " did not turn replica", 20);
        return recorded(group, shard, next, testFailover);
    }

    /** Waits until {@code node}'s own CLUSTER NODES says it is a master (or, {@code master} false, not one). */
    private void awaitRole(NodeAddress node, boolean master, String failure, long pauseMillis) {
        long deadline = System.currentTimeMillis() + PROMOTE_MILLIS;
        while (connector.withSession(node, s -> ClusterView.parse(s.command(c -> c.clusterNodes())).myself()
                .master()) != master) {
            if (System.currentTimeMillis() > deadline) {
                throw new NodeUnavailableException(failure + " in " + PROMOTE_MILLIS + " ms");
            }
            sleep(pauseMillis);
        }
    }

    /**
     * The chosen replica has every write the paused primary acknowledged. (CLUSTER FAILOVER's own handshake
     * needs a majority of masters' votes, which two shards handed over together deny each other; so
     * cachewarden does the handshake itself and then takes over without a vote.)
     */
    private void awaitOffset(CacheNode replica, long offset) {
        long deadline = System.currentTimeMillis() + PAUSE_MILLIS - 1_000;
        while (context.replication(replica.cacheClusterId()).offset() < offset) {
            if (System.currentTimeMillis() > deadline) {
                throw new NodeUnavailableException("replica " + replica.cacheClusterId() + " did not catch up with "
                        + "its primary in time for a hand-over");
            }
            sleep(10);
        }
    }

    /** The primary {@code deadId} died (held down): a replica of its shard takes over, unless one already has. */
    Optional<ReplicationGroup> replaceFailed(ReplicationGroup group, String deadId) {
        NodeGroup shard = shardOf(group, deadId);
        Optional<CacheNode> already = servingMaster(group, shard).filter(n -> !n.cacheClusterId().equals(deadId));
        Optional<CacheNode> next = already.isPresent() ? already : best(group, shard);
        if (next.isEmpty()) {
            log.warn("failover of {} node group {}: no replica answers; nothing promoted", group.replicationGroupId(),
                    shard.nodeGroupId());
            return Optional.empty();
        }
        if (already.isEmpty()) {
            promote(next.get(), "FAILOVER", "TAKEOVER");
        }
        return Optional.of(recorded(group, shard, next.get(), false));
    }

    /** The old primary restarted: it rejoins as a replica of its shard's new master; its ACL applied again. */
    void rejoin(ReplicationGroup group, String oldPrimaryId) {
        CacheNode node = group.nodes().stream().filter(n -> n.cacheClusterId().equals(oldPrimaryId)).findFirst()
                .orElse(null);
        if (node == null) {
            return;
        }
        context.restartWithAcl(group, node);
        context.store().inTransaction(tx -> {
            tx.events().record(SourceType.CACHE_CLUSTER, oldPrimaryId, "Finished recovery for cache nodes "
                    + CacheNode.CACHE_NODE_ID, System.currentTimeMillis());
            return null;
        });
        log.info("failover of {}: {} is back as a replica", group.replicationGroupId(), oldPrimaryId);
    }

    /**
     * The stored primaries made to follow the cluster: for each shard whose slots another member serves
     * now (Redis Cluster failed it over by itself), that member is recorded primary. @return the group now
     */
    ReplicationGroup follow(ReplicationGroup group) {
        ReplicationGroup now = group;
        for (NodeGroup shard : group.nodeGroups()) {
            Optional<CacheNode> master = servingMaster(group, shard);
            if (master.isPresent() && !master.get().primary()) {
                now = recorded(now, shard, master.get(), false);
            }
        }
        return now;
    }

    private void promote(CacheNode replica, Object... failover) {
        NodeAddress address = context.address(replica.cacheClusterId());
        connector.withSession(address, s -> s.raw(CommandType.CLUSTER, failover));
        awaitRole(address, true, "replica " + replica.cacheClusterId() + " did not become master", 50);
    }

    /** Records {@code next} as its shard's primary, AWS's events, and the nodes' new roles (no restart for them). */
    private ReplicationGroup recorded(ReplicationGroup group, NodeGroup shard, CacheNode next, boolean planned) {
        String old = shard.primary().cacheClusterId();
        ReplicationGroup stored = context.store().inTransaction(tx -> {
            tx.replicationGroups().promote(group.replicationGroupId(), next.cacheClusterId());
            if (planned) {
                tx.replicationGroups().updateFailoverRequested(group.replicationGroupId(), false, null);
            }
            String message = "Failover from primary node " + old + " to replica node " + next.cacheClusterId()
                    + " completed";
            long now = System.currentTimeMillis();
            tx.events().record(SourceType.CACHE_CLUSTER, next.cacheClusterId(), message, now);
            tx.events().record(SourceType.REPLICATION_GROUP, group.replicationGroupId(), message, now);
            return tx.replicationGroups().find(group.replicationGroupId(), false).orElseThrow();
        });
        CacheEngine.specs(stored).forEach(engine.supervisor()::runsAs);
        engine.serveEndpoints(stored, CacheEngine.specs(stored));
        log.warn("failover of {} node group {}: {} is primary in place of {}", group.replicationGroupId(),
                shard.nodeGroupId(), next.cacheClusterId(), old);
        return stored;
    }

    /** The shard member the cluster says serves the shard's slots, asked of any member that answers. */
    private Optional<CacheNode> servingMaster(ReplicationGroup group, NodeGroup shard) {
        Map<Integer, CacheNode> byPort = new ConcurrentHashMap<>();
        shard.members().forEach(n -> byPort.put(n.port(), n));
        for (CacheNode asked : shard.members()) {
            if (!engine.supervisor().isRunning(asked.cacheClusterId()) || engine.holding(asked.cacheClusterId())) {
                continue;
            }
            try {
                ClusterView view = connector.withSession(context.address(asked.cacheClusterId()),
                        s -> ClusterView.parse(s.command(c -> c.clusterNodes())));
                Optional<ClusterView.Line> master = view.servingMaster(byPort.keySet());
                if (master.isPresent()) {
                    return Optional.of(byPort.get(master.get().port()));
                }
            } catch (RuntimeException e) {
                log.debug("{} of {} does not answer CLUSTER NODES: {}", asked.cacheClusterId(),
                        group.replicationGroupId(), e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** The running, in-sync replica of the shard that has copied the most (ties: the lowest numbered). */
    private Optional<CacheNode> best(ReplicationGroup group, NodeGroup shard) {
        CacheNode best = null;
        long bestOffset = -1;
        for (CacheNode replica : shard.replicas()) {
            if (replica.status() != CacheNode.Status.AVAILABLE || !engine.supervisor().isRunning(replica.cacheClusterId())) {
                continue;
            }
            try {
                ReplicationInfo info = context.replication(replica.cacheClusterId());
                // A replica whose master just died reports its link down: what it copied still counts.
                if (!info.syncing() && info.offset() > bestOffset) {
                    best = replica;
                    bestOffset = info.offset();
                }
            } catch (RuntimeException e) {
                log.info("failover of {}: replica {} does not answer: {}", group.replicationGroupId(),
                        replica.cacheClusterId(), e.getMessage());
            }
        }
        return Optional.ofNullable(best);
    }

    private static NodeGroup shardOf(ReplicationGroup group, String cacheClusterId) {
        List<NodeGroup> shards = group.nodeGroups();
        return shards.stream().filter(s -> s.members().stream().anyMatch(n -> n.cacheClusterId().equals(cacheClusterId)))
                .findFirst().orElseThrow(() -> new NodeUnavailableException("node " + cacheClusterId + " is in no node "
                        + "group of " + group.replicationGroupId()));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeUnavailableException("interrupted during a cluster failover");
        }
    }
}
