package dev.cachewarden.engine;

import dev.cachewarden.domain.Cache;
import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.engine.node.NodeAddress;
import dev.cachewarden.events.SourceType;
import dev.cachewarden.store.KeptRead;
import dev.cachewarden.store.Store;
import dev.cachewarden.store.StoreUnavailableException;
import dev.cachewarden.store.Transaction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every node of every available cache running and its ACL as desired: every {@code interval}
 * (option {@code --reconcile-interval}), right after a node restarts, and once at start (which brings
 * the managed nodes back after cachewarden itself restarted). Each repair is logged.
 */
public final class Reconciler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final Store store;
    private final CacheEngine engine;
    private final Duration interval;
    private final Semaphore wake = new Semaphore(0);
    private final Thread thread;
    private volatile boolean running = true;
    /** Parameter group values for the nodes (issue 14); null: none applied. */
    private volatile ParameterApplier parameters;

    public Reconciler(Store store, CacheEngine engine, Duration interval) {
        this.store = store;
        this.engine = engine;
        this.interval = interval;
        this.thread = Thread.ofPlatform().name("acl-reconciler").daemon().unstarted(this::run);
    }

    public void parameters(ParameterApplier applier) {
        this.parameters = applier;
    }

    public void start() {
        thread.start();
    }

    /** Asks for a pass now, e.g. after a node restarted with only the admin user. */
    public void wake() {
        wake.release();
    }

    /** A node restarted: what was applied to it is gone, so everything is re-applied and checked. */
    public void nodeRestarted(String cacheClusterId) {
        engine.applier().forget(cacheClusterId);
        wake();
    }

    private void run() {
        StoreBackoff outage = new StoreBackoff(log, "reconciler", interval.toMillis());
        while (running) {
            long sleep = interval.toMillis();
            try {
                reconcileAll();
                outage.succeeded();
            } catch (StoreUnavailableException e) {
                sleep = outage.failed(e);
            } catch (Exception e) { // checked ones rethrown unchecked by a library too: the reconciler must go on
                log.warn("reconciliation pass failed", e);
            }
            try {
                if (outage.inOutage()) {
                    // A wake-up (a node restarted) cannot be served before the store is back.
                    Thread.sleep(sleep);
                } else {
                    wake.tryAcquire(sleep, TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * One pass over every cache, the caches side by side (each under its lock, its node conversations
     * within the engine's bound): one by one, a pass over 200 nodes took 1.8 s of round trips (bench
     * reconcile section). @return the number of repairs made
     */
    public int reconcileAll() {
        long started = System.nanoTime();
        KeptRead<Snapshot> snapshot = snapshot();
        java.util.concurrent.atomic.AtomicInteger repairs = new java.util.concurrent.atomic.AtomicInteger();
        engine.inParallel(snapshot.value().ids().stream().<Runnable>map(id -> () -> repairs.addAndGet(reconcile(id, snapshot)))
                .toList());
        dev.cachewarden.metrics.Metrics.reconcilePass(System.nanoTime() - started, repairs.get());
        return repairs.get();
    }

    /**
     * Every cache and what its nodes should hold, as read with {@code applier}. {@code desired} holds the
     * managed caches only, and is empty where the store's write generation cannot be known (each cache
     * is then read again under its lock).
     */
    private record Snapshot(List<Cache.Ref> ids, Map<Cache.Ref, Desired> desired, ParameterApplier applier) {}

    /** The last snapshot; reused while no write has been committed since (an idle server's passes read nothing). */
    private volatile KeptRead<Snapshot> last;

    /**
     * The caches and their desired state: one transaction for all of them, and none at all while the
     * embedded store's write generation is that of the last read. Reading each cache and its user
     * group, users and parameters again every pass (three transactions a cache) was half of an idle
     * server's pass CPU at 200 nodes, and kept C2 compiling H2's paths (docs/bench.md). Where the
     * generation cannot be known (PostgreSQL, shared), only the ids are read here, as before.
     */
    private KeptRead<Snapshot> snapshot() {
        ParameterApplier applier = parameters;
        if (store.writeGeneration() < 0) {
            return new KeptRead<>(-1, new Snapshot(store.inTransaction(Caches::all), Map.of(), applier));
        }
        KeptRead<Snapshot> kept = last;
        KeptRead<Snapshot> current = KeptRead.of(store, kept != null && kept.value().applier() == applier ? kept : null,
                () -> store.inTransaction(tx -> {
                    List<Cache.Ref> ids = new java.util.ArrayList<>();
                    Map<Cache.Ref, Desired> desired = new java.util.HashMap<>();
                    Map<List<String>, List<AclUser>> byGroups = new java.util.HashMap<>();
                    java.util.stream.Stream.concat(tx.replicationGroups().all().stream(),
                                    tx.serverlessCaches().all().stream())
                            .forEach(cache -> {
                                ids.add(cache.ref());
                                if (managed(cache)) {
                                    desired.put(cache.ref(), desired(tx, cache, applier, byGroups));
                                }
                            });
                    return new Snapshot(List.copyOf(ids), Map.copyOf(desired), applier);
                }));
        last = current;
        return current;
    }

    /**
     * What {@code cache}'s nodes should hold. Caches under the same user groups share their users, read
     * once per transaction ({@code byGroups}): 100 caches under one group read it once, not 100 times.
     */
    private static Desired desired(Transaction tx, Cache cache, ParameterApplier applier,
                                   Map<List<String>, List<AclUser>> byGroups) {
        List<String> groups = cache.effectiveUserGroupIds();
        // Without a group the users depend on the cache itself (its AuthToken's default), not shared.
        List<AclUser> users = groups.isEmpty() ? DesiredAcl.of(tx, cache)
                : byGroups.computeIfAbsent(List.copyOf(groups), g -> DesiredAcl.of(tx, cache));
        return new Desired(cache, users, applier == null ? Map.of() : applier.desired(tx, cache));
    }

    private int reconcile(Cache.Ref id, KeptRead<Snapshot> snapshot) {
        int[] count = {0, 0};
        engine.locked(id, () -> {
            // Read under the lock: a transition applied meanwhile must not be undone from an older read.
            // The snapshot serves if no write was committed (or is in flight) since it was read.
            ParameterApplier applier = snapshot.value().applier();
            Desired read = snapshot.current(store) ? snapshot.value().desired().get(id)
                    : store.inTransaction(tx -> Caches.find(tx, id).filter(Reconciler::managed)
                            .map(c -> desired(tx, c, applier, new java.util.HashMap<>())).orElse(null));
            if (read == null) {
                return;
            }
            Cache cache = read.cache();
            try {
                engine.ensureRunning(cache);
            } catch (RuntimeException e) {
                log.warn("cannot start the nodes of {}: {}", id, e.getMessage());
            }
            List<AclUser> desired = read.users();
            Map<String, String> values = read.parameters();
            for (NodeAddress node : engine.addresses(cache)) {
                if (engine.holding(node.label())) {
                    continue; // being failed over, which applies its ACL itself: no wait here on a silent node
                }
                // The lock first, then a node permit, as the transition worker takes them: never the reverse.
                engine.throttled(() -> {
                    if (!values.isEmpty() && applier != null) {
                        try {
                            applier.apply(node, values);
                        } catch (RuntimeException e) {
                            log.warn("cannot apply the parameters of node {}: {}", node, e.getMessage());
                            if (timedOut(e)) {
                                // One command timeout per silent node and pass, not two: a failover of that
                                // node waits for this cache's lock (CI: a stopped primary replaced 3.4 s late).
                                count[1]++;
                                return;
                            }
                        }
                    }
                    try {
                        int repaired = engine.applier().reconcile(node, desired).size();
                        count[0] += repaired;
                        if (repaired > 0) {
                            recordRepair(id, node.label(), repaired);
                        }
                    } catch (RuntimeException e) {
                        log.warn("cannot reconcile the ACL of node {}: {}", node, e.getMessage());
                        count[1]++;
                    }
                });
            }
            dev.cachewarden.metrics.Metrics.aclInSync(id.id(), count[1] == 0);
        });
        return count[0];
    }

    private record Desired(Cache cache, List<AclUser> users, Map<String, String> parameters) {}

    /** Whether the node did not answer in time (as a process stopped with SIGSTOP does), not refused. */
    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.lettuce.core.RedisCommandTimeoutException || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static boolean managed(Cache cache) {
        return (cache.status() == CacheStatus.AVAILABLE || cache.status() == CacheStatus.MODIFYING) && cache.aclManaged();
    }

    /**
     * A repair is an event of the node (DescribeEvents, source type cache-cluster), or of the cache for a
     * serverless cache, whose nodes are not on the wire. AWS documents no wording for it: ours.
     */
    private void recordRepair(Cache.Ref cache, String cacheClusterId, int repaired) {
        boolean serverless = cache.kind() == Cache.Kind.SERVERLESS_CACHE;
        String message = "ACL of cache node " + cacheClusterId + " repaired: " + repaired + " user"
                + (repaired == 1 ? "" : "s") + " differed from the user groups";
        try {
            store.inTransaction(tx -> {
                tx.events().record(serverless ? SourceType.SERVERLESS_CACHE : SourceType.CACHE_CLUSTER,
                        serverless ? cache.id() : cacheClusterId, message, System.currentTimeMillis());
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("cannot record the repair of {}: {}", cacheClusterId, e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
