package dev.cachewarden.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reconciler's pass over many nodes: N replication groups × 2 real redis-server nodes, all guarded
 * by one user group, on a server left at the default {@code --reconcile-interval}. Over a quiet
 * window it reads the pass time from the server's own {@code /metrics} (the
 * {@code cachewarden_reconcile_pass_duration_seconds} timer, recorded around every pass) and the
 * server process's CPU from {@code /proc/PID/stat}. The CPU figure is the whole JVM's while it idles
 * (passes, transition worker polls, JIT, GC), so it bounds the reconciler's share from above.
 */
final class ReconcileSection {
    private static final String GROUP = "bench-reconcile";
    /** The server's default {@code --reconcile-interval}; the window spans several passes. */
    private static final long INTERVAL_MILLIS = 10_000;
    private static final int PASSES = 2;
    /** Node count the issue's target is stated at. */
    private static final int ISSUE_NODES = 200;

    private final BenchContext ctx;
    private final Report report;

    ReconcileSection(BenchContext ctx, Report report) {
        this.ctx = ctx;
        this.report = report;
    }

    void run() throws Exception {
        int caches = ctx.options.reconcileCaches();
        int nodes = 2 * caches;
        Map<String, Object> j = new LinkedHashMap<>();
        report.json.put("reconcile", j);
        try (ServerProcess server = ctx.startCachewarden("reconcile", java.util.List.of())) {
            ctx.awaitCachewarden(server);
            Target cw = BenchContext.cachewarden(server);
            long setup = System.nanoTime();
            try (HttpConnection http = new HttpConnection(cw.host(), cw.port())) {
                QueryRequests q = new QueryRequests(cw);
                Api.ok(http.exchange(q.action("CreateUserGroup", "UserGroupId", GROUP, "Engine", "redis",
                        "UserIds.member.1", "default")), "CreateUserGroup");
                Api.awaitGroupActive(http, q, GROUP);
                BenchContext.log("reconcile: creating " + caches + " replication groups × 2 nodes");
                for (int c = 0; c < caches; c++) {
                    Api.ok(http.exchange(q.action("CreateReplicationGroup", "ReplicationGroupId", cacheId(c),
                            "ReplicationGroupDescription", "benchmark", "Engine", "redis", "NumCacheClusters", "2",
                            "TransitEncryptionEnabled", "true", "UserGroupIds.member.1", GROUP)),
                            "CreateReplicationGroup " + cacheId(c));
                }
                for (int c = 0; c < caches; c++) {
                    awaitAvailable(http, q, cacheId(c));
                }
            }
            double setupSeconds = (System.nanoTime() - setup) / 1e9;
            BenchContext.log(String.format("reconcile: %d nodes up in %.0f s; measuring %d passes", nodes,
                    setupSeconds, PASSES));
            // The window runs from the end of one pass to the end of the PASSES-th after it: whole intervals,
            // so the CPU share is not skewed by where a pass falls (a fixed 10 s wait, then 30 s, took 40 s).
            // The pass that ends first still sees the last caches' first reconcile; it is not measured.
            Snapshot before = afterNextPass(server, cw, snapshot(server, cw).count(), 0);
            Snapshot after = afterNextPass(server, cw, before.count() + PASSES - 1, PASSES * INTERVAL_MILLIS);
            double passes = after.count() - before.count();
            double meanMs = passes == 0 ? Double.NaN : 1000 * (after.sumSeconds() - before.sumSeconds()) / passes;
            double cpu = (after.cpuSeconds() - before.cpuSeconds()) / ((after.nanos() - before.nanos()) / 1e9);
            report.line("");
            report.line("== Reconciler: %d replication groups × 2 nodes (%d real redis-server nodes), default "
                    + "interval %d s ==", caches, nodes, INTERVAL_MILLIS / 1000);
            report.line("setup (create and wait for available): %.0f s", setupSeconds);
            report.line("%-44s %10.0f", "passes in the window", passes);
            report.line("%-44s %10.1f ms", "mean pass (server's own timer)", meanMs);
            report.line("%-44s %10.1f ms", "longest pass since start", 1000 * after.maxSeconds());
            report.line("%-44s %9.2f %%", "whole server CPU over the window, of one core", 100 * cpu);
            j.put("caches", caches);
            j.put("nodes", nodes);
            j.put("setupSeconds", setupSeconds);
            j.put("passes", passes);
            j.put("meanPassMs", meanMs);
            j.put("maxPassMs", 1000 * after.maxSeconds());
            j.put("serverCpuShareOfOneCore", cpu);
            String at = nodes >= ISSUE_NODES ? "" : " at " + nodes + " nodes (machine limit)";
            if (passes == 0) {
                report.notMeasured(IssueTarget.RECONCILE_PASS, "no pass in the window");
            } else if (nodes >= ISSUE_NODES) {
                report.check(IssueTarget.RECONCILE_PASS, String.format("%.0f ms mean", meanMs), meanMs < 1000);
            } else {
                report.notMeasured(IssueTarget.RECONCILE_PASS, String.format("%.0f ms mean%s", meanMs, at));
            }
            String cpuText = String.format("%.2f%% (whole server)%s", 100 * cpu, at);
            if (nodes >= ISSUE_NODES) {
                report.check(IssueTarget.RECONCILE_CPU, cpuText, cpu < 0.05);
            } else {
                report.notMeasured(IssueTarget.RECONCILE_CPU, cpuText);
            }
        }
    }

    static String cacheId(int c) {
        return String.format("bench-rec-%03d", c);
    }

    private record Snapshot(long nanos, double count, double sumSeconds, double maxSeconds, double cpuSeconds) {}

    /**
     * The snapshot taken right after the pass count first exceeds {@code count}: it sleeps {@code firstMillis}
     * (a pass starts an interval after the last one ended), then polls every 250 ms. A scrape of /metrics
     * reads the store for its gauges: in a JFR profile of the idle server, polling every 100 ms from a
     * second before the window's end was half of the server's samples in the window.
     */
    private static Snapshot afterNextPass(ServerProcess server, Target cw, double count, long firstMillis)
            throws IOException, InterruptedException {
        Thread.sleep(firstMillis);
        long deadline = System.nanoTime() + 3 * INTERVAL_MILLIS * 1_000_000L;
        while (System.nanoTime() < deadline) {
            Snapshot s = snapshot(server, cw);
            if (s.count() > count) {
                return s;
            }
            Thread.sleep(250);
        }
        throw new IOException("no reconcile pass ended within " + 3 * INTERVAL_MILLIS / 1000 + " s");
    }

    private static Snapshot snapshot(ServerProcess server, Target cw) throws IOException {
        String metrics;
        try (HttpConnection http = new HttpConnection(cw.host(), cw.port())) {
            metrics = Api.ok(http.exchange(("GET /metrics HTTP/1.1\r\nHost: " + cw.host() + ":" + cw.port()
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII)), "GET /metrics");
        }
        return new Snapshot(System.nanoTime(), metric(metrics, "count"), metric(metrics, "sum"),
                metric(metrics, "max"), cpuSeconds(server.pid()));
    }

    private static double metric(String text, String suffix) throws IOException {
        Matcher m = Pattern.compile("(?m)^cachewarden_reconcile_pass_duration_seconds_" + suffix
                + "(?:\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(text);
        if (!m.find()) {
            throw new IOException("no cachewarden_reconcile_pass_duration_seconds_" + suffix + " in /metrics");
        }
        return Double.parseDouble(m.group(1));
    }

    /** utime + stime of the process, from /proc/PID/stat (clock ticks, 100 a second on Linux). */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    private static void awaitAvailable(HttpConnection http, QueryRequests q, String id)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 600_000_000_000L; // hundreds of nodes start one after another
        while (System.nanoTime() < deadline) {
            String body = Api.ok(http.exchange(q.action("DescribeReplicationGroups", "ReplicationGroupId", id)),
                    "DescribeReplicationGroups " + id);
            Matcher status = Pattern.compile("<ReplicationGroup>.*?<Status>([^<]*)</Status>", Pattern.DOTALL)
                    .matcher(body);
            if (status.find() && status.group(1).equals("available")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IOException("replication group " + id + " not available after 600 s");
    }
}
