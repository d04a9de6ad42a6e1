package dev.cachewarden.engine;

import dev.cachewarden.domain.Cache;
import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.events.SourceType;
import dev.cachewarden.store.Store;
import dev.cachewarden.store.StoreUnavailableException;
import java.time.Duration;
import java.util.List;
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
        List<Cache.Ref> ids = store.inTransaction(Caches::all);
        java.util.concurrent.atomic.AtomicInteger repairs = new java.util.concurrent.atomic.AtomicInteger();
        engine.inParallel(ids.stream().<Runnable>map(id -> () -> repairs.addAndGet(reconcile(id))).toList());
        dev.cachewarden.metrics.Metrics.reconcilePass(System.nanoTime() - started, repairs.get());
        return repairs.get();
    }

    private int reconcile(Cache.Ref id) {
        int[] count = {0, 0};
        engine.locked(id, () -> {
            // The cache and its desired users from one read (a transaction each was a third of a pass's store time).
            Desired read = store.inTransaction(tx -> Caches.find(tx, id).filter(Reconciler::managed)
                    .map(c -> new Desired(c, DesiredAcl.of(tx, c))).orElse(null));
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
            ParameterApplier applier = parameters;
            java.util.Map<String, String> values = applier == null ? java.util.Map.of() : applier.desired(cache);
            for (NodeAddress node : engine.addresses(cache)) {
                // The lock first, then a node permit, as the transition worker takes them: never the reverse.
                engine.throttled(() -> {
                    if (!values.isEmpty()) {
                        try {
                            applier.apply(node, values);
                        } catch (RuntimeException e) {
                            log.warn("cannot apply the parameters of node {}: {}", node, e.getMessage());
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

    private record Desired(Cache cache, List<AclUser> users) {}

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
