package dev.cachewarden.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process's metrics, served in Prometheus's text format at {@code GET /metrics}. One registry per
 * process, like Prometheus's own default registry: the engine and the front report through these
 * static hooks without being handed an object, and a process that runs several servers (tests do)
 * adds their figures up. Labels are bounded sets (action names, error codes, node states, reasons,
 * cache ids), never request data. The names are listed in the README.
 */
public final class Metrics {
    private static final PrometheusMeterRegistry REGISTRY = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** Latency buckets from a cached read (about a millisecond) to a slow store (seconds). */
    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private static final List<StateSource> SOURCES = new CopyOnWriteArrayList<>();
    private static final AtomicInteger FRONT_CONNECTIONS = new AtomicInteger();
    private static final Map<String, AtomicInteger> ACL_IN_SYNC = new ConcurrentHashMap<>();
    /** Per action and code, and per action: built once, as a builder's register() costs a lookup per request. */
    private static final Map<List<String>, Counter> REQUESTS = new ConcurrentHashMap<>();
    private static final Map<String, Timer> REQUEST_DURATIONS = new ConcurrentHashMap<>();
    private static final Counter FRONT_SHARED_COMMANDS = Counter.builder("cachewarden.front.shared.commands")
            .description("Commands the front sent on a node connection shared by clients of the same user")
            .register(REGISTRY);
    private static final Counter DRIFT_REPAIRS = Counter.builder("cachewarden.acl.drift.repairs")
            .description("ACL differences found on a node by the reconciler and repaired").register(REGISTRY);
    private static final Timer RECONCILE_PASS = Timer.builder("cachewarden.reconcile.pass.duration")
            .description("Time one reconciler pass over every cache took")
            .serviceLevelObjectives(LATENCY_BUCKETS).register(REGISTRY);

    static {
        Gauge.builder("cachewarden.transitions.pending", () -> sum(s -> backlog(s).pending()))
                .description("Transitions (creating, modifying, deleting) waiting to be applied").register(REGISTRY);
        Gauge.builder("cachewarden.transitions.oldest.age", Metrics::oldestTransitionAge).baseUnit("seconds")
                .description("How long the oldest pending transition has been due").register(REGISTRY);
        for (String state : NodeCensus.STATES) {
            Gauge.builder("cachewarden.nodes", () -> sum(s -> census(s).count(state))).tag("state", state)
                    .description("Cache nodes by state").register(REGISTRY);
        }
        Gauge.builder("cachewarden.front.connections", FRONT_CONNECTIONS, AtomicInteger::get)
                .description("Open client connections on the caches' front endpoints").register(REGISTRY);
    }

    private Metrics() {}

    /** What a running server reports when scraped: read then, so never stale. */
    public interface StateSource {
        Backlog transitions();

        NodeCensus nodes();
    }

    /** @param oldestDueAtMillis when the oldest pending transition fell due; 0 without any */
    public record Backlog(long pending, long oldestDueAtMillis) {
        public static final Backlog NONE = new Backlog(0, 0);
    }

    /** @param running nodes whose process answers; @param down nodes stored but not running */
    public record NodeCensus(long running, long down) {
        static final List<String> STATES = List.of("running", "down");
        public static final NodeCensus NONE = new NodeCensus(0, 0);

        long count(String state) {
            return "running".equals(state) ? running : down;
        }
    }

    /** A server's share of the scrape, removed by closing it. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** A server's state joins the scrape; closing the returned handle removes it. */
    public static Registration report(StateSource source) {
        SOURCES.add(source);
        return () -> SOURCES.remove(source);
    }

    /** One API request answered: its action ({@code unknown} before one was resolved) and AWS code ({@code OK}). */
    public static void request(String action, String code, long nanos) {
        REQUESTS.computeIfAbsent(List.of(action, code), k -> Counter.builder("cachewarden.api.requests")
                .description("API requests by action and outcome code").tags("action", action, "code", code)
                .register(REGISTRY)).increment();
        REQUEST_DURATIONS.computeIfAbsent(action, a -> Timer.builder("cachewarden.api.request.duration")
                .description("API request latency by action").tag("action", a)
                .serviceLevelObjectives(LATENCY_BUCKETS).register(REGISTRY)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One reconciler pass over every cache, and the ACL repairs it made. */
    public static void reconcilePass(long nanos, int repairs) {
        RECONCILE_PASS.record(nanos, TimeUnit.NANOSECONDS);
        DRIFT_REPAIRS.increment(repairs);
    }

    /** Whether every node of the cache held its desired ACL at the end of the last check. */
    public static void aclInSync(String cacheId, boolean inSync) {
        ACL_IN_SYNC.computeIfAbsent(cacheId, id -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("cachewarden.cache.acl.in.sync", value, AtomicInteger::get).tag("cache_id", id)
                    .description("1 when every node of the cache holds its desired ACL, 0 when not")
                    .register(REGISTRY);
            return value;
        }).set(inSync ? 1 : 0);
    }

    /** The last check's answer for a cache (the console shows it); empty before the first check. */
    public static java.util.Optional<Boolean> aclInSync(String cacheId) {
        AtomicInteger value = ACL_IN_SYNC.get(cacheId);
        return value == null ? java.util.Optional.empty() : java.util.Optional.of(value.get() == 1);
    }

    /** A cache is gone: its series goes with it. */
    public static void cacheRemoved(String cacheId) {
        if (ACL_IN_SYNC.remove(cacheId) != null) {
            var gauge = REGISTRY.find("cachewarden.cache.acl.in.sync").tag("cache_id", cacheId).gauge();
            if (gauge != null) {
                REGISTRY.remove(gauge);
            }
        }
    }

    public static void frontConnectionOpened() {
        FRONT_CONNECTIONS.incrementAndGet();
    }

    public static void frontConnectionClosed() {
        FRONT_CONNECTIONS.decrementAndGet();
    }

    public static void frontSharedCommands(int n) {
        FRONT_SHARED_COMMANDS.increment(n);
    }

    /** Commands sent on shared node connections since start (what the counter above reports). */
    public static double frontSharedCommandsTotal() {
        return FRONT_SHARED_COMMANDS.count();
    }

    /** An IAM-authenticated connection refused; the reason is reduced to a short fixed label. */
    public static void iamRefused(String reason) {
        Counter.builder("cachewarden.iam.refusals").description("IAM authentications refused by reason")
                .tag("reason", RefusalReasons.label(reason)).register(REGISTRY).increment();
    }

    /**
     * What each source said during the scrape under way: each of its gauges asks it once, not once a
     * gauge (the node census read every group and looked at every node's process twice a scrape).
     */
    private record ScrapeMemo(Map<StateSource, Backlog> backlogs, Map<StateSource, NodeCensus> censuses) {}

    /** Set only while {@link #scrape} runs (which is synchronized); null otherwise: every call asks. */
    private static ScrapeMemo scrapeMemo;

    /** The Prometheus text exposition of every metric. */
    public static synchronized String scrape() {
        scrapeMemo = new ScrapeMemo(new java.util.HashMap<>(), new java.util.HashMap<>());
        try {
            return REGISTRY.scrape();
        } finally {
            scrapeMemo = null;
        }
    }

    private static synchronized Backlog backlog(StateSource s) {
        ScrapeMemo memo = scrapeMemo;
        return memo == null ? s.transitions() : memo.backlogs().computeIfAbsent(s, StateSource::transitions);
    }

    private static synchronized NodeCensus census(StateSource s) {
        ScrapeMemo memo = scrapeMemo;
        return memo == null ? s.nodes() : memo.censuses().computeIfAbsent(s, StateSource::nodes);
    }

    private static double oldestTransitionAge() {
        long now = System.currentTimeMillis();
        long oldest = 0;
        for (StateSource s : SOURCES) {
            try {
                Backlog b = backlog(s);
                if (b.pending() > 0 && b.oldestDueAtMillis() > 0) {
                    oldest = Math.max(oldest, now - b.oldestDueAtMillis());
                }
            } catch (RuntimeException e) {
                // as in sum()
            }
        }
        return Math.max(0, oldest) / 1000.0;
    }

    private static double sum(java.util.function.ToLongFunction<StateSource> value) {
        long total = 0;
        for (StateSource s : SOURCES) {
            try {
                total += value.applyAsLong(s);
            } catch (RuntimeException e) {
                // A store that cannot be read now leaves this server's share out of the scrape.
            }
        }
        return total;
    }
}
