package dev.cachewarden.engine;

import dev.cachewarden.domain.Cache;
import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.store.Store;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An engine upgrade (Redis OSS → Valkey) made real node by node, as ElastiCache does it: each replica is
 * restarted on the new binary with its data directory and catches up with the primary; then a replica
 * already upgraded is promoted (a planned failover, writes paused until it has them all) and the old
 * primary comes back upgraded as its replica. A group of one node is restarted in place: its
 * append-only file brings every acknowledged write back. The ACL is applied and read back on every
 * node before it serves. Interrupted, the next attempt carries on with the nodes still on the old engine.
 */
final class EngineUpgrade {
    private static final Logger log = LoggerFactory.getLogger(EngineUpgrade.class);

    private final Store store;
    private final CacheEngine engine;
    private final NodeConnector connector;
    private final Failover failover;

    EngineUpgrade(Store store, CacheEngine engine, NodeConnector connector, Failover failover) {
        this.store = store;
        this.engine = engine;
        this.connector = connector;
        this.failover = failover;
    }

    /** @return the group as it is now (its primary may have changed) */
    ReplicationGroup roll(ReplicationGroup group) {
        if (group.external() || stale(group).isEmpty()) {
            return group;
        }
        Engine target = group.engine();
        for (CacheNode replica : group.replicas()) {
            if (outdated(replica, target)) {
                replace(group, replica, target);
            }
        }
        CacheNode primary = group.primary();
        if (!outdated(primary, target)) {
            return group;
        }
        if (group.replicas().isEmpty()) {
            replace(group, primary, target);
            return group;
        }
        engine.checkReplication(group, connector); // every upgraded replica in sync before one takes over
        ReplicationGroup promoted = failover.planned(group).orElseThrow(() -> new NodeUnavailableException(
                "no upgraded replica of " + group.replicationGroupId() + " can be promoted yet"));
        NodeEngines.assign(engine.supervisor(), primary.cacheClusterId(), target);
        failover.returnAsReplica(promoted, primary.cacheClusterId());
        log.info("upgrade of {}: every node runs {} now", group.replicationGroupId(), target.wire());
        return promoted;
    }

    /**
     * A serverless cache: its replicas, then its primary, each restarted in place on the new engine (the
     * primary's append-only file brings its writes back; its clients reconnect, as on a patch).
     */
    Cache rollInPlace(Cache cache) {
        if (cache.external()) {
            return cache;
        }
        Engine target = NodeEngines.engineOf(cache);
        List<CacheNode> nodes = new java.util.ArrayList<>(cache.nodes().stream().filter(n -> !n.primary()).toList());
        nodes.add(cache.primary());
        for (CacheNode node : nodes) {
            if (outdated(node, target)) {
                replace(cache, node, target);
            }
        }
        return cache;
    }

    /** The serving nodes still running the old engine. */
    List<CacheNode> stale(ReplicationGroup group) {
        return group.servingNodes().stream().filter(n -> n.status() == CacheNode.Status.AVAILABLE
                && outdated(n, group.engine())).toList();
    }

    /**
     * A node running, on another engine than {@code target}. One not running (new, or down) is not
     * replaced here: it starts on the engine recorded for it, its cache's for a new node (NodeEngines).
     */
    private boolean outdated(CacheNode node, Engine target) {
        return engine.supervisor().isRunning(node.cacheClusterId())
                && NodeEngines.running(engine.supervisor(), node.cacheClusterId()) != target;
    }

    /** Restarts one node on the target engine, its data directory kept, and gives it its ACL back. */
    private void replace(Cache cache, CacheNode node, Engine target) {
        String id = node.cacheClusterId();
        NodeEngines.assign(engine.supervisor(), id, target);
        engine.supervisor().stop(id, false);
        engine.supervisor().ensureRunning(CacheEngine.spec(cache, node));
        engine.applier().forget(id);
        engine.applier().apply(engine.supervisor().managementAddress(id),
                store.inTransaction(tx -> DesiredAcl.of(tx, cache)));
        log.info("upgrade of {}: node {} runs {} now", cache.ref().id(), id, target.wire());
    }
}
