package dev.cachewarden.engine;

import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.engine.node.NodeAddress;
import dev.cachewarden.store.KeptRead;
import dev.cachewarden.store.Store;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a failed primary of a replication group with automatic failover, and has a replica promoted
 * in its place ({@link Failover}). Two ways: the supervisor asks before restarting a node that died
 * ({@link #mayRestart}: a primary is held down, not restarted empty, while its replica takes over), and
 * a primary whose process runs but has not answered PING for {@code unanswered} is failed over too
 * (then restarted as a replica). Without automatic failover nothing is promoted: the primary is
 * restarted in place, as before.
 */
public final class PrimaryWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PrimaryWatch.class);
    /** Default: a primary silent this long is failed over (a dead one is at once). */
    public static final Duration UNANSWERED = Duration.ofSeconds(3);
    private static final long PING_MILLIS = 500;
    /** Every this many passes, cluster-mode groups' stored primaries are checked against CLUSTER NODES. */
    private static final int CLUSTER_FOLLOW_PASSES = 4;
    private long passes;
    /**
     * The groups as last read; null: read them on the next pass (a failover changed one). They are read
     * again on the passes that follow cluster-mode groups (every 2 s); the passes between ping the
     * primaries last read. Read every pass, every group with its nodes and settings (three queries a
     * group) twice a second was a sixth of an idle server's samples at 100 groups (docs/bench.md). A
     * dead primary is not noticed here but by the supervisor, whose gate reads the store afresh; a
     * hung one of a group created or changed meanwhile is looked at up to 2 s later (so within 10 s in
     * all).
     */
    private volatile KeptRead<List<ReplicationGroup>> groups;

    private final Store store;
    private final CacheEngine engine;
    private final NodeConnector connector;
    private final Failover failover;
    /** A cluster-mode shard's primary is replaced by the cluster's commands instead. */
    private final ClusterEngine cluster;
    private final Duration unanswered;
    /** Since when each primary has not answered (absent: it answered last time). */
    private final Map<String, Long> silentSince = new ConcurrentHashMap<>();
    private final Map<String, NodeSession> sessions = new HashMap<>();
    private final Thread pinger;
    private volatile boolean open = true;

    public PrimaryWatch(Store store, CacheEngine engine, NodeConnector connector, ClusterEngine cluster,
                        Duration unanswered) {
        this.store = store;
        this.engine = engine;
        this.connector = connector;
        this.failover = new Failover(store, engine, connector);
        this.cluster = cluster;
        this.unanswered = unanswered;
        this.pinger = Thread.ofPlatform().name("primary-watch").daemon().unstarted(this::pingLoop);
    }

    public Failover failover() {
        return failover;
    }

    /** Becomes the supervisor's restart gate and starts pinging the primaries. */
    public void start() {
        engine.supervisor().restartGate(this::mayRestart);
        pinger.start();
    }

    /**
     * The supervisor found {@code cacheClusterId}'s process dead. A primary of a group with automatic
     * failover and a replica to promote is held down and failed over (false); anything else restarts.
     */
    boolean mayRestart(String cacheClusterId) {
        if (engine.holding(cacheClusterId) || cluster.replacesDeadPrimary(cacheClusterId)) {
            return false;
        }
        Optional<ReplicationGroup> group = failoverTarget(cacheClusterId);
        if (group.isEmpty()) {
            return true;
        }
        if (engine.hold(cacheClusterId)) {
            log.warn("primary {} of {} died; promoting a replica", cacheClusterId, group.get().replicationGroupId());
            Thread.ofVirtual().name("failover-" + cacheClusterId).start(() -> failOver(group.get(), cacheClusterId));
        }
        return false;
    }

    /** The group whose primary this node is, if a replica should replace it. */
    private Optional<ReplicationGroup> failoverTarget(String cacheClusterId) {
        return store.inTransaction(tx -> tx.replicationGroups().all().stream()
                .filter(g -> g.nodes().stream().anyMatch(n -> n.primary() && n.cacheClusterId().equals(cacheClusterId)))
                .findFirst()).filter(this::promotes);
    }

    private boolean promotes(ReplicationGroup g) {
        // A cluster-mode group's shards fail over by Redis Cluster's own election (cluster-node-timeout).
        return !g.external() && !g.runsAsCluster() && g.automaticFailover().promotes()
                && (g.status() == CacheStatus.AVAILABLE || g.status() == CacheStatus.MODIFYING)
                && g.replicas().stream().anyMatch(r -> r.status() == CacheNode.Status.AVAILABLE
                        && engine.supervisor().isRunning(r.cacheClusterId()));
    }

    /** Promotes a replica, then lets the old primary return as its replica; the hold ends either way. */
    private void failOver(ReplicationGroup seen, String oldPrimaryId) {
        ReplicationGroup[] promoted = new ReplicationGroup[1];
        try {
            engine.locked(seen.ref(), () -> {
                ReplicationGroup g = store.inTransaction(tx -> tx.replicationGroups().find(seen.replicationGroupId(), false))
                        .orElse(null);
                if (g == null || !g.primary().cacheClusterId().equals(oldPrimaryId) || !promotes(g)) {
                    return;
                }
                promoted[0] = failover.replaceFailed(g).orElse(null);
            });
        } catch (RuntimeException e) {
            log.warn("failover of {} failed: {}", seen.replicationGroupId(), e.toString());
        }
        try {
            if (promoted[0] != null) {
                engine.locked(seen.ref(), () -> failover.returnAsReplica(promoted[0], oldPrimaryId));
            }
        } catch (RuntimeException e) {
            log.warn("{} could not return as a replica yet (the supervisor and reconciler retry): {}", oldPrimaryId,
                    e.getMessage());
        } finally {
            engine.release(oldPrimaryId);
            silentSince.remove(oldPrimaryId);
            groups = null; // its primary changed: ping the new one from the next pass on
        }
    }

    /** Pings every watched primary; one silent for {@code unanswered} is failed over. */
    private void pingLoop() {
        while (open) {
            try {
                Thread.sleep(PING_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            try {
                boolean followClusters = ++passes % CLUSTER_FOLLOW_PASSES == 0;
                KeptRead<List<ReplicationGroup>> seen = groups;
                // Read again when due, unless no write was committed since (the embedded store knows).
                if (seen == null || followClusters) {
                    seen = KeptRead.of(store, seen, () -> store.inTransaction(tx -> tx.replicationGroups().all()));
                    groups = seen;
                }
                for (ReplicationGroup g : seen.value()) {
                    if (open && promotes(g)) {
                        check(g);
                    } else if (open && followClusters && g.runsAsCluster()) {
                        cluster.follow(g);
                    }
                }
            } catch (RuntimeException e) {
                log.debug("primary watch pass failed: {}", e.toString());
            }
        }
    }

    private void check(ReplicationGroup g) {
        String id = g.primary().cacheClusterId();
        if (engine.holding(id) || !engine.supervisor().isRunning(id)) {
            silentSince.remove(id);
            return; // dead ones are the supervisor's to report
        }
        if (ping(id)) {
            silentSince.remove(id);
            return;
        }
        long since = silentSince.computeIfAbsent(id, k -> System.currentTimeMillis());
        if (System.currentTimeMillis() - since >= unanswered.toMillis() && engine.hold(id)) {
            log.warn("primary {} of {} has not answered for {} ms; promoting a replica", id, g.replicationGroupId(),
                    System.currentTimeMillis() - since);
            Thread.ofVirtual().name("failover-" + id).start(() -> failOver(g, id));
        }
    }

    private boolean ping(String id) {
        NodeAddress address = engine.supervisor().managementAddress(id);
        NodeSession session = sessions.get(id);
        try {
            if (session == null || !session.isOpen() || !session.node().equals(address)) {
                close(session);
                session = connector.open(address);
                sessions.put(id, session);
            }
            session.info("server");
            return true;
        } catch (RuntimeException e) {
            close(sessions.remove(id));
            return false;
        }
    }

    private static void close(NodeSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (RuntimeException ignored) {
                // already broken
            }
        }
    }

    @Override
    public void close() {
        open = false;
        pinger.interrupt();
        try {
            pinger.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sessions.values().forEach(PrimaryWatch::close);
        sessions.clear();
    }
}
