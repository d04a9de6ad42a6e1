package dev.cachewarden.engine;

import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.engine.node.NodeAddress;
import dev.cachewarden.engine.node.NodeSpec;
import dev.cachewarden.events.SourceType;
import dev.cachewarden.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a replication group's primary by its most up-to-date replica. In order: the replica that
 * has copied the most (INFO replication offsets) is chosen; its ACL is applied and read back; only then
 * is it told {@code REPLICAOF NO ONE}, so it never accepts a write under the wrong users. The store
 * records the new primary, the other replicas follow it, the front's PrimaryEndpoint relays to it, and
 * the old primary comes back (restarted) as a replica of it. Callers hold the cache's lock.
 */
public final class Failover {
    private static final Logger log = LoggerFactory.getLogger(Failover.class);
    /** How long a planned failover (TestFailover) holds writes on the old primary while a replica catches up. */
    private static final long PAUSE_MILLIS = 5_000;

    private final Store store;
    private final CacheEngine engine;
    private final NodeConnector connector;

    public Failover(Store store, CacheEngine engine, NodeConnector connector) {
        this.store = store;
        this.engine = engine;
        this.connector = connector;
    }

    /** A replica chosen for promotion and how far it had copied the primary's stream. */
    record Candidate(CacheNode node, long offset) {}

    /**
     * Promotes a replica in place of a primary that died or stopped answering; the caller holds the old
     * primary down ({@link CacheEngine#hold}) so that it cannot come back empty as a primary meanwhile.
     *
     * @return the group as stored afterwards; empty when no replica could take over
     */
    public Optional<ReplicationGroup> replaceFailed(ReplicationGroup group) {
        return promote(group, false);
    }

    /**
     * TestFailover: the old primary is alive, so its writes are paused until the chosen replica has
     * every acknowledged write, then it is restarted as a replica of the new primary.
     */
    public Optional<ReplicationGroup> planned(ReplicationGroup group) {
        return promote(group, true);
    }

    private Optional<ReplicationGroup> promote(ReplicationGroup group, boolean planned) {
        long started = System.nanoTime();
        CacheNode old = group.primary();
        long primaryOffset = planned ? pauseAndReadOffset(group, old) : -1;
        Optional<Candidate> chosen = choose(group, primaryOffset);
        if (chosen.isEmpty()) {
            log.warn("failover of {}: no replica of {} answers; nothing promoted", group.replicationGroupId(),
                    old.cacheClusterId());
            return Optional.empty();
        }
        CacheNode next = chosen.get().node();
        NodeAddress address = engine.supervisor().managementAddress(next.cacheClusterId());
        // The ACL first: the moment REPLICAOF NO ONE returns, the node takes writes from whoever it admits.
        engine.applier().apply(address, store.inTransaction(tx -> DesiredAcl.of(tx, group)));
        connector.withSession(address, s -> {
            s.promote();
            return null;
        });
        ReplicationGroup promoted = store.inTransaction(tx -> {
            tx.replicationGroups().promote(group.replicationGroupId(), next.cacheClusterId());
            tx.replicationGroups().updateFailoverRequested(group.replicationGroupId(), false, null);
            // AWS's wording (TestFailover's documentation lists these events), on the node and on the group.
            String message = "Failover from primary node " + old.cacheClusterId() + " to replica node "
                    + next.cacheClusterId() + " completed";
            long now = System.currentTimeMillis();
            tx.events().record(SourceType.CACHE_CLUSTER, next.cacheClusterId(), message, now);
            tx.events().record(SourceType.REPLICATION_GROUP, group.replicationGroupId(), message, now);
            tx.events().record(SourceType.CACHE_CLUSTER, old.cacheClusterId(),
                    "Recovering cache nodes " + CacheNode.CACHE_NODE_ID, now);
            return tx.replicationGroups().find(group.replicationGroupId(), false).orElseThrow();
        });
        List<NodeSpec> specs = CacheEngine.specs(promoted);
        specs.forEach(engine.supervisor()::runsAs); // roles changed by command: no restart for the difference
        engine.serveEndpoints(promoted, specs);
        long promotedMillis = (System.nanoTime() - started) / 1_000_000;
        log.warn("failover of {}: {} promoted in place of {} (offset {}) in {} ms", group.replicationGroupId(),
                next.cacheClusterId(), old.cacheClusterId(), chosen.get().offset(), promotedMillis);
        int newPrimaryPort = engine.supervisor().layout().internalPort(next.cacheClusterId());
        List<Runnable> follow = new ArrayList<>();
        for (CacheNode replica : promoted.replicas()) {
            if (replica.cacheClusterId().equals(old.cacheClusterId())) {
                continue;
            }
            follow.add(() -> repoint(replica, newPrimaryPort));
        }
        try {
            engine.inParallel(follow);
        } catch (RuntimeException e) {
            log.warn("failover of {}: a replica did not follow {} yet (the reconciler retries): {}",
                    group.replicationGroupId(), next.cacheClusterId(), e.getMessage());
        }
        return Optional.of(promoted);
    }

    /**
     * Brings the old primary back as a replica of the new one: restarted with its new configuration
     * (its data resynchronised from the new primary), then its ACL applied and read back.
     */
    public void returnAsReplica(ReplicationGroup promoted, String oldPrimaryId) {
        CacheNode node = promoted.nodes().stream().filter(n -> n.cacheClusterId().equals(oldPrimaryId)).findFirst()
                .orElse(null);
        if (node == null || node.primary()) {
            return;
        }
        NodeSpec spec = CacheEngine.spec(promoted, node);
        // Stopped first whether dead, silent or (TestFailover) paused: it must not take another write as a primary.
        engine.supervisor().stop(oldPrimaryId, false);
        engine.supervisor().ensureRunning(spec);
        engine.applier().forget(oldPrimaryId);
        engine.applier().apply(engine.supervisor().managementAddress(oldPrimaryId),
                store.inTransaction(tx -> DesiredAcl.of(tx, promoted)));
        store.inTransaction(tx -> {
            tx.events().record(SourceType.CACHE_CLUSTER, oldPrimaryId,
                    "Finished recovery for cache nodes " + CacheNode.CACHE_NODE_ID,
                    System.currentTimeMillis());
            return null;
        });
        log.info("failover of {}: {} is back as a replica", promoted.replicationGroupId(), oldPrimaryId);
    }

    private void repoint(CacheNode replica, int primaryPort) {
        connector.withSession(engine.supervisor().managementAddress(replica.cacheClusterId()), s -> {
            s.replicaOf(CacheNode.LOOPBACK, primaryPort);
            return null;
        });
    }

    /** Holds the old primary's writes and returns how far its stream went; -1 when it does not answer. */
    private long pauseAndReadOffset(ReplicationGroup group, CacheNode primary) {
        try {
            return connector.withSession(engine.supervisor().managementAddress(primary.cacheClusterId()), s -> {
                s.pauseWrites(PAUSE_MILLIS);
                return ReplicationInfo.parse(s.info("replication")).offset();
            });
        } catch (RuntimeException e) {
            log.warn("failover of {}: the primary {} does not answer ({}); promoting without waiting for it",
                    group.replicationGroupId(), primary.cacheClusterId(), e.getMessage());
            return -1;
        }
    }

    /**
     * The serving replica with the highest replication offset among those that answer (new replicas
     * still copying their first sync are not candidates). When the old primary's offset is known, waits
     * a moment for the best replica to reach it.
     */
    private Optional<Candidate> choose(ReplicationGroup group, long primaryOffset) {
        long deadline = System.currentTimeMillis() + (primaryOffset >= 0 ? PAUSE_MILLIS - 1_000 : 0);
        // PrimaryClusterId names the one replica to promote; otherwise any may be.
        String asked = group.failoverRequested() ? group.failoverTo() : null;
        List<CacheNode> candidates = group.replicas().stream().filter(r -> r.status() == CacheNode.Status.AVAILABLE
                && engine.supervisor().isRunning(r.cacheClusterId())
                && (asked == null || asked.equals(r.cacheClusterId()))).toList();
        while (true) {
            // Asked all at once: a replica that does not answer costs its timeout once, not once per replica.
            java.util.Map<CacheNode, ReplicationInfo> answers = new java.util.concurrent.ConcurrentHashMap<>();
            engine.inParallel(candidates.stream().<Runnable>map(replica -> () -> {
                try {
                    answers.put(replica, connector.withSession(
                            engine.supervisor().managementAddress(replica.cacheClusterId()),
                            s -> ReplicationInfo.parse(s.info("replication"))));
                } catch (RuntimeException e) {
                    log.info("failover of {}: replica {} does not answer: {}", group.replicationGroupId(),
                            replica.cacheClusterId(), e.getMessage());
                }
            }).toList());
            Candidate best = null;
            for (CacheNode replica : candidates) { // in node order, so ties go to the lowest-numbered replica
                ReplicationInfo info = answers.get(replica);
                if (info != null && info.synced() && (best == null || info.offset() > best.offset())) {
                    best = new Candidate(replica, info.offset());
                }
            }
            if (best == null || primaryOffset < 0 || best.offset() >= primaryOffset
                    || System.currentTimeMillis() > deadline) {
                return Optional.ofNullable(best);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of(best);
            }
        }
    }
}
