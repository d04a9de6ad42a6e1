package dev.cachewarden.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Section 4: time from ModifyUserGroup's answer until every node of every cache using the group
 * answers {@code ACL GETUSER} with the change and the group is {@code active} again, for 1 cache × 3
 * nodes and 20 caches × 2 nodes (the one group attached to all of them).
 *
 * <p>It needs caches backed by real redis-server nodes; when the server refuses
 * DescribeReplicationGroups, the section reports "not yet measurable".
 * The nodes are read on their own unix sockets (named in each node's {@code node.properties} in the
 * server's data directory), as the built-in {@code default} user (in the group, no password, as on
 * AWS): through the published endpoints, every poll was TLS work for the server's front on the same
 * two cores, so the section timed its own polling too (1 × 3: ~86 ms of server CPU per change at load
 * 14). A node's socket answers with the node's own ACL, which the front only forwards.
 */
final class PropagationSection {
    private static final String USER = "bench-prop-user";
    private static final long CHANGE_TIMEOUT_NANOS = 30_000_000_000L;
    /**
     * Between polling rounds: the benchmark shares two cores with the server, and polling flat out
     * took CPU from the change it timed. Bounds the error of a measurement from above.
     */
    private static final long POLL_PAUSE_NANOS = 500_000;
    /**
     * Untimed changes before the timed ones, as the api section warms up each phase: a server just
     * started compiles the path while it runs it (on two cores, the JIT threads took 56% of the server's
     * CPU in a profile of the first 1 × 3 changes), and the slowest of 50 changes was that compilation.
     * After these, more rounds of them while the JIT compilers still take more than
     * {@link FrontSection#JIT_SETTLED} of the server's CPU (20 changes left them at 14–27 ms of CPU per
     * change, more than the server's own work), for {@link FrontSection#HANDSHAKE_WARMUP_MAX} at most: a
     * server that has been up a while is what the bar is about, as in the api and front sections. (A
     * young JVM's C2 compiles for its first half minute or so: 100–200 compilations a second 20–30 s
     * after start in `-Xlog:jit+compilation`, with no deoptimisation loop.)
     */
    private static final int WARMUP_CHANGES = 20;
    private static final long WARMUP_ROUND_NANOS = 1_000_000_000L;
    private static final long GROUP_PAUSE_CAP_NANOS = 2_000_000;
    /** DescribeUserGroups sent while waiting for changes: the polls' share of the server's CPU. */
    private long groupPolls;

    /** A node's unix socket, from its node.properties. */
    private record Endpoint(String cacheClusterId, Path socket) {}

    record Scenario(String name, int caches, int nodesPerCache, IssueTarget target, double barMillis) {}

    private static final List<Scenario> SCENARIOS = List.of(
            new Scenario("1x3", 1, 3, IssueTarget.PROPAGATION_1X3, 20),
            new Scenario("20x2", 20, 2, IssueTarget.PROPAGATION_20X2, 100));

    private final BenchContext ctx;
    private final Report report;

    PropagationSection(BenchContext ctx, Report report) {
        this.ctx = ctx;
        this.report = report;
    }

    void run() throws Exception {
        Map<String, Object> j = new LinkedHashMap<>();
        report.json.put("propagation", j);
        report.line("");
        report.line("== ACL propagation: ModifyUserGroup answer → ACL GETUSER right on every node + group active ==");
        try (ServerProcess server = ctx.startCachewarden("propagation", List.of("--max-user-groups", "200"))) {
            ctx.awaitCachewarden(server);
            Target cw = BenchContext.cachewarden(server);
            try (HttpConnection http = new HttpConnection(cw.host(), cw.port())) {
                QueryRequests q = new QueryRequests(cw);
                HttpConnection.Response probe = http.exchange(q.action("DescribeReplicationGroups"));
                if (probe.status() != 200) {
                    notMeasurable(j, "the server answers DescribeReplicationGroups with "
                            + LoadGenerator.outcome(probe));
                    return;
                }
                ok(http.exchange(Workloads.createUser(q, USER)), "CreateUser " + USER);
                report.line("each scenario after untimed changes in rounds of %d and 1 s at least, until the JIT compilers took under "
                        + "%.0f%% of the server's CPU in a round (%d s at most); cpu ms/chg: the server's CPU per timed "
                        + "change, its JIT compiler threads left out", WARMUP_CHANGES, 100 * FrontSection.JIT_SETTLED,
                        FrontSection.HANDSHAKE_WARMUP_MAX.toSeconds());
                report.line("%-22s %6s %8s %8s %8s %8s %8s %11s  %s", "caches × nodes", "changes", "p50 ms", "p99 ms",
                        "max ms", "setup s", "failed", "cpu ms/chg", "target");
                for (Scenario s : SCENARIOS) {
                    measure(s, server.pid(), http, q, ctx.dataDir("propagation").resolve("nodes"), j);
                }
            }
        }
    }

    private void measure(Scenario s, long serverPid, HttpConnection http, QueryRequests q, Path nodesDir,
                         Map<String, Object> j)
            throws IOException, InterruptedException {
        String group = "bench-prop-" + s.name().replace('x', '-');
        long setup = System.nanoTime();
        ok(http.exchange(q.action("CreateUserGroup", "UserGroupId", group, "Engine", "redis",
                "UserIds.member.1", "default")), "CreateUserGroup " + group);
        awaitGroupActive(http, q, group);
        List<String> caches = new ArrayList<>();
        for (int c = 0; c < s.caches(); c++) {
            String id = String.format("bench-rg-%s-%02d", s.name().replace('x', '-'), c);
            caches.add(id);
            ok(http.exchange(q.action("CreateReplicationGroup", "ReplicationGroupId", id,
                    "ReplicationGroupDescription", "benchmark", "Engine", "redis",
                    "NumCacheClusters", Integer.toString(s.nodesPerCache()), "TransitEncryptionEnabled", "true",
                    "UserGroupIds.member.1", group)), "CreateReplicationGroup " + id);
        }
        List<Endpoint> ports = new ArrayList<>();
        for (String id : caches) {
            ports.addAll(awaitAvailable(http, q, id, nodesDir));
        }
        double setupSeconds = (System.nanoTime() - setup) / 1e9;
        List<RespClient> nodes = new ArrayList<>();
        try {
            for (Endpoint node : ports) {
                nodes.add(RespClient.connectUnix(node.socket()));
            }
            int changes = ctx.options.propagationChanges();
            List<Double> millis = new ArrayList<>();
            int failed = 0;
            boolean member = false;
            int warmup = 0;
            double jitShare = 1;
            long warmUntil = System.nanoTime() + FrontSection.HANDSHAKE_WARMUP_MAX.toNanos();
            while (warmup < WARMUP_CHANGES || jitShare > FrontSection.JIT_SETTLED && System.nanoTime() < warmUntil) {
                ThreadCpu before = ThreadCpu.of(serverPid);
                // A round lasts a second at least: /proc counts CPU in 10 ms ticks, and 20 quick changes
                // were a few ticks, where one tick of the JIT's was already 20%.
                long roundEnd = System.nanoTime() + WARMUP_ROUND_NANOS;
                for (int i = 0; i < WARMUP_CHANGES || System.nanoTime() < roundEnd; i++, warmup++) {
                    member = !member;
                    if (change(http, q, group, nodes, member) == null) {
                        awaitGroupActive(http, q, group);
                    }
                }
                ThreadCpu round = ThreadCpu.of(serverPid).minus(before);
                jitShare = round.jit() / Math.max(round.total(), 1e-9);
            }
            // The server's CPU per change (answering the group polls included), the JIT compilers' left
            // out as in the api section: on two shared cores the latencies are mostly the scheduler's,
            // this is not.
            ThreadCpu cpuBefore = ThreadCpu.of(serverPid);
            Map<String, Double> byThreadBefore = cpuByThreadKind(serverPid);
            long pollsBefore = groupPolls;
            for (int i = 0; i < changes; i++) {
                boolean add = !member;
                member = add;
                Double t = change(http, q, group, nodes, add);
                if (t == null) {
                    failed++;
                    awaitGroupActive(http, q, group);
                } else {
                    millis.add(t);
                }
            }
            ThreadCpu cpu = ThreadCpu.of(serverPid).minus(cpuBefore);
            Map<String, Double> byThread = new LinkedHashMap<>();
            Map<String, Double> byThreadAfter = cpuByThreadKind(serverPid);
            for (String kind : THREAD_KINDS) {
                double seconds = byThreadAfter.getOrDefault(kind, 0.0) - byThreadBefore.getOrDefault(kind, 0.0);
                byThread.put(kind, Math.round(seconds * 1000 / changes * 10) / 10.0);
            }
            double cpuPerChange = (cpu.total() - cpu.jit()) * 1000 / changes;
            double jitPerChange = cpu.jit() * 1000 / changes;
            double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double p50 = percentile(sorted, 0.50);
            double p99 = percentile(sorted, 0.99);
            double max = sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
            report.line("%-22s %6d %8.1f %8.1f %8.1f %8.1f %8d %11.1f  %s", s.caches() + " × " + s.nodesPerCache()
                    + " (" + ports.size() + " nodes)", sorted.length, p50, p99, max, setupSeconds, failed, cpuPerChange,
                    s.target().bar);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("caches", s.caches());
            m.put("nodesPerCache", s.nodesPerCache());
            m.put("changes", sorted.length);
            m.put("failed", failed);
            m.put("p50Ms", p50);
            m.put("p99Ms", p99);
            m.put("maxMs", max);
            m.put("setupSeconds", setupSeconds);
            m.put("serverCpuMsPerChange", cpuPerChange);
            m.put("jitCpuMsPerChange", jitPerChange);
            m.put("gcCpuMsPerChange", cpu.gc() * 1000 / changes);
            m.put("warmupChanges", warmup);
            m.put("warmupJitShare", jitShare);
            m.put("groupPollsPerChange", (double) (groupPolls - pollsBefore) / changes);
            m.put("cpuMsPerChangeByThread", byThread);
            j.put(s.name(), m);
            report.line("%-22s cpu ms/chg by thread: %s; after %d untimed changes (JIT %.0f%% of the last round)", "",
                    byThread, warmup, 100 * jitShare);
            report.check(s.target(), String.format("%.1f ms (p50 %.1f, %d changes%s)", p99, p50, sorted.length,
                            failed > 0 ? ", " + failed + " timed out" : ""),
                    failed == 0 && sorted.length > 0 && p99 < s.barMillis());
        } finally {
            nodes.forEach(RespClient::close);
        }
    }

    /** One ModifyUserGroup adding or removing the user; @return its propagation time, null after 30 s. */
    private Double change(HttpConnection http, QueryRequests q, String group, List<RespClient> nodes,
                                 boolean add) throws IOException {
        HttpConnection.Response r = http.exchange(q.action("ModifyUserGroup", "UserGroupId", group,
                add ? "UserIdsToAdd.member.1" : "UserIdsToRemove.member.1", USER));
        long answered = System.nanoTime();
        ok(r, "ModifyUserGroup " + group);
        return awaitPropagated(http, q, group, nodes, add, answered);
    }

    /**
     * Polls every node with ACL GETUSER until each shows the change, then the group until it is
     * active; the time from {@code answered} to the first round that saw both, or null after 30 s. A
     * round asks every node not yet seen at once and then reads their answers, so it costs one round
     * trip rather than one per node (20 × 2 took ~50 ms a round one by one, which it measured). The
     * nodes first: polling the group first (a signed request a round) cost the server more CPU per
     * change (1 × 3: 69–72 against 47–58 ms, alternated).
     */
    private Double awaitPropagated(HttpConnection http, QueryRequests q, String group, List<RespClient> nodes,
                                          boolean added, long answered) throws IOException {
        boolean[] done = new boolean[nodes.size()];
        int left = nodes.size();
        long groupPause = POLL_PAUSE_NANOS;
        while (System.nanoTime() - answered < CHANGE_TIMEOUT_NANOS) {
            for (int n = 0; n < nodes.size(); n++) {
                if (!done[n]) {
                    nodes.get(n).send("ACL", "GETUSER", USER);
                }
            }
            for (int n = 0; n < nodes.size(); n++) {
                if (!done[n] && (nodes.get(n).receive() != null) == added) {
                    done[n] = true;
                    left--;
                }
            }
            if (left == 0) {
                groupPolls++;
                if (groupStatus(http, q, group).equals("active")) {
                    return (System.nanoTime() - answered) / 1e6;
                }
                // Each group poll is a signed request the server answers on the same two cores (at 0.5 ms
                // they were most of its CPU per change under load): a longer pause each time, at most
                // GROUP_PAUSE_CAP_NANOS, which bounds the error from above.
                java.util.concurrent.locks.LockSupport.parkNanos(groupPause);
                groupPause = Math.min(2 * groupPause, GROUP_PAUSE_CAP_NANOS);
                continue;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(POLL_PAUSE_NANOS);
        }
        return null;
    }

    /**
     * The server's CPU seconds so far by kind of thread, from /proc (empty where there is none): where a
     * change's CPU goes (its request and the group polls, the worker, the node connections' event loops,
     * the store's chunk writer), which the worker's own profile does not show. Threads that ended
     * between two readings are missing from the later one.
     */
    private static Map<String, Double> cpuByThreadKind(long pid) {
        Map<String, Double> out = new LinkedHashMap<>();
        ThreadCpu.byThread(pid).forEach(t -> out.merge(threadKind(t.getKey()), t.getValue(), Double::sum));
        return out;
    }

    private static final List<String> THREAD_KINDS = List.of("virtualThreads", "worker", "nodeIo", "storeWriter",
            "gc", "other", "jit");

    private static String threadKind(String name) {
        if (name.startsWith("ForkJoinPool-") || name.startsWith("http-")) {
            return "virtualThreads"; // their carriers: the API's requests (the group polls too) and node work in parallel
        } else if (name.startsWith("transition-work")) {
            return "worker";
        } else if (name.startsWith("lettuce-")) {
            return "nodeIo";
        } else if (name.startsWith("h2-")) {
            return "storeWriter";
        } else if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return "jit";
        } else if (name.contains("GC") || name.equals("VM Thread")) {
            return "gc";
        }
        return "other";
    }

    private void notMeasurable(Map<String, Object> j, String reason) {
        report.line("not yet measurable: %s", reason);
        j.put("measured", false);
        j.put("reason", reason);
        for (Scenario s : SCENARIOS) {
            report.notMeasured(s.target(), "not yet measurable");
        }
    }

    private static String groupStatus(HttpConnection http, QueryRequests q, String group) throws IOException {
        String body = ok(http.exchange(q.action("DescribeUserGroups", "UserGroupId", group)), "DescribeUserGroups");
        Matcher m = Pattern.compile("<Status>([^<]*)</Status>").matcher(body);
        return m.find() ? m.group(1) : "";
    }

    private static void awaitGroupActive(HttpConnection http, QueryRequests q, String group)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!groupStatus(http, q, group).equals("active")) {
            if (System.nanoTime() > deadline) {
                throw new IOException("user group " + group + " not active after 60 s");
            }
            Thread.sleep(20);
        }
    }

    /** Waits for the replication group to be available; its nodes' sockets. */
    private static List<Endpoint> awaitAvailable(HttpConnection http, QueryRequests q, String id, Path nodesDir)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            String body = ok(http.exchange(q.action("DescribeReplicationGroups", "ReplicationGroupId", id)),
                    "DescribeReplicationGroups " + id);
            Matcher status = Pattern.compile("<ReplicationGroup>.*?<Status>([^<]*)</Status>", Pattern.DOTALL)
                    .matcher(body);
            if (status.find() && status.group(1).equals("available")) {
                List<Endpoint> nodes = new ArrayList<>();
                Matcher m = Pattern.compile("<NodeGroupMember>\\s*<CacheClusterId>([^<]+)</CacheClusterId>").matcher(body);
                while (m.find()) {
                    nodes.add(new Endpoint(m.group(1), socket(nodesDir.resolve(m.group(1)))));
                }
                return nodes;
            }
            Thread.sleep(50);
        }
        throw new IOException("replication group " + id + " not available after 120 s");
    }

    /** The unix socket a node listens on, as its directory's node.properties records it. */
    private static Path socket(Path nodeDir) throws IOException {
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newBufferedReader(nodeDir.resolve("node.properties"))) {
            p.load(in);
        }
        String socket = p.getProperty("socket");
        if (socket == null) {
            throw new IOException("no socket in " + nodeDir.resolve("node.properties"));
        }
        return Path.of(socket);
    }

    private static String ok(HttpConnection.Response r, String what) throws IOException {
        if (r.status() != 200) {
            throw new IOException(what + " failed: HTTP " + r.status() + " " + r.text());
        }
        return r.text();
    }

    private static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
