package dev.cachewarden.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The front's throughput: {@code redis-benchmark} SET/GET through the front against the direct node,
 * in rounds of both, alternating which goes first, judged by the median of the rounds' own ratios and
 * added p99s. The judged rounds run pinned ({@link CpuPlacement}); a few unpinned rounds follow, reported.
 */
final class FrontThroughput {
    /**
     * Rounds of both targets, --seconds × {@link #SHARE} per test each, direct first in even rounds and the
     * front first in odd ones; the verdicts take the median of the rounds' own ratios and added p99s. On
     * this 2-core machine a run's rate moves ±20% from one run to the next with what else runs (the
     * direct node alone: 290,000–460,000 SETs a second within a minute), and a round's two runs, seconds
     * apart, share most of it; two rounds of --seconds, before, left the verdict to that noise. The
     * alternating order leaves neither target always the one run after the other's load. Ten rounds of
     * 1 s were tried: each run's 50 new connections then weighed twice as much, and the front's CPU per
     * request rose 13% over direct's (5–8% with 2 s). Ten rounds, not six: with the front on io_uring
     * its throughput is at or above direct's, and what decides the p99 verdict is SET's run-to-run p99
     * noise on both sides (the nodes' AOF writes; 30 rounds' added p99s spread −1.3 to +4.1 ms, median
     * +0.24), and the median of six rounds moved between −0.05 and +2.1 ms from one bench run to the next
     * (docs/bench.md).
     */
    static final int ROUNDS = 10;
    static final double SHARE = 0.5;
    /** Then rounds with client and servers on every CPU (as before the pinning), reported beside. */
    static final int UNPINNED_ROUNDS = 2;
    /** Unmeasured runs of the front, of --seconds per test each, before it is calibrated and measured. */
    static final int FRONT_WARMUP_RUNS = 2;
    /**
     * The redis-benchmark load warms further, until the compilers take under 2% (90 s at most): on this
     * machine the front's JVM used ~25% less CPU for the same runs once they had (rounds of 1M requests
     * with the compilers at 8–20%: 135–183 ticks; at 2–5%: 118–128), so a threshold of 10% measured a
     * front still being compiled. At 5% the compilers still took 3–4% of the measured runs, on the one
     * core the front and its node share: in 40 pinned runs in a row a run's SET p99 was among the worst
     * when C2 had compiled in it (6–11 ticks of ~90: p99 5.8–7.1 ms; 1–3 ticks: 2.7–6.8 ms).
     */
    static final double JIT_SETTLED = 0.02;
    static final Duration WARMUP_MAX = Duration.ofSeconds(90);
    /** The share is judged over runs this long: a 1 s run said "0%" before rounds that spent 3–5% compiling. */
    static final Duration SETTLE_WINDOW = Duration.ofSeconds(5);

    /**
     * A node's append-only file, read and compacted between runs on a connection kept for the section.
     * Before every run each node rewrites its AOF and waits for the rewrite to end, so both start a run
     * from the same small file: a rewrite then needs 64 MB more of SETs (Redis's
     * auto-aof-rewrite-min-size; ~1.4M of redis-benchmark's), more than a run sends. Without it the
     * front's node, which takes millions of SETs in the warm-up and the direct node 20,000, rewrote in
     * other rounds than direct's, and each SET round whose added p99 jumped 4–9 ms had a rewrite on one
     * side (docs/bench.md, 5 December 2026).
     */
    static final class NodeAof {
        private final RespClient node;

        /** On {@code node}, an authenticated connection kept for the section. */
        NodeAof(RespClient node) {
            this.node = node;
        }

        /**
         * A rewrite, started now and awaited (after any already under way). @return the node's
         * {@code aof_rewrites} after it, the count a run's rewrites are told from
         */
        long compact() throws IOException, InterruptedException {
            long before = idle().get("aof_rewrites");
            node.call("BGREWRITEAOF");
            long after = idle().get("aof_rewrites");
            if (after == before) {
                throw new IOException("BGREWRITEAOF did not complete a rewrite");
            }
            return after;
        }

        /** {@code INFO persistence}'s {@code aof_rewrites}: the rewrites since the node started. */
        long rewrites() throws IOException {
            return persistence().get("aof_rewrites");
        }

        /** {@code INFO persistence} once no rewrite is under way or scheduled (60 s at most). */
        private Map<String, Long> idle() throws IOException, InterruptedException {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (true) {
                Map<String, Long> info = persistence();
                if (info.get("aof_rewrite_in_progress") + info.get("aof_rewrite_scheduled") == 0) {
                    return info;
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("an AOF rewrite still under way after 60 s");
                }
                Thread.sleep(10);
            }
        }

        /** The numeric fields of one {@code INFO persistence}, the three read here checked present. */
        private Map<String, Long> persistence() throws IOException {
            Map<String, Long> fields = new java.util.HashMap<>();
            String.valueOf(node.call("INFO", "persistence")).lines().map(l -> l.split(":", 2))
                    .filter(kv -> kv.length == 2 && kv[1].strip().matches("-?\\d+"))
                    .forEach(kv -> fields.put(kv[0], Long.parseLong(kv[1].strip())));
            for (String name : List.of("aof_rewrites", "aof_rewrite_in_progress", "aof_rewrite_scheduled")) {
                if (!fields.containsKey(name)) {
                    throw new IOException("no " + name + " in INFO persistence");
                }
            }
            return fields;
        }
    }

    /** One test's verdict over some rounds: the medians of the rounds' ratios and added p99s, and its JSON. */
    private record Judged(double ratio, double addedP99, Map<String, Object> json) {}

    /** Rounds run: each target's side and the front JVM's threads in its runs. */
    private record Rounds(Side direct, Side front, ThreadCpu frontJvm) {
        int count() {
            return direct.rewrites.size(); // one entry per run
        }
    }

    private final BenchContext ctx;
    private final Report report;
    private final Map<String, Object> j;
    private final NodeAof directNode;
    private final NodeAof frontNode;

    FrontThroughput(BenchContext ctx, Report report, Map<String, Object> j, NodeAof directNode,
                    NodeAof frontNode) {
        this.ctx = ctx;
        this.report = report;
        this.j = j;
        this.directNode = directNode;
        this.frontNode = frontNode;
    }

    void run(RedisBenchmark bench, String user, int frontPort, int directPort, long[] frontPids, long[] directPids)
            throws IOException, InterruptedException {
        report.line("redis-benchmark -t set,get -c %d -P %d -r 100000 --tls --cacert ca.crt --user %s -a …, "
                + "%d rounds of both (direct first, then the front first, in turn), %.1f s per test (medians; ratios: the "
                + "median of the rounds')", RedisBenchmark.CLIENTS, RedisBenchmark.PIPELINE, user, ROUNDS,
                SHARE * ctx.options.measure().toMillis() / 1000.0);
        CpuPlacement placement = CpuPlacement.detect();
        long[] servers = concat(frontPids, directPids);
        RedisBenchmark placed = placement == null ? bench : bench.behind(placement.clientPrefix());
        if (placement != null) {
            report.line("placement: redis-benchmark on CPU %d; the server side on CPU %d (the direct node; the front's "
                    + "JVM, every thread, and its node): one core each side, none taken by the client",
                    placement.clientCpu(), placement.serverCpu());
            j.put("placement", Map.of("clientCpu", placement.clientCpu(), "serverCpu", placement.serverCpu()));
            placement.pinServers(servers);
        } else {
            report.line("placement: none (no taskset, or one CPU): client and servers share every CPU");
            j.put("placement", "none");
        }
        int directN;
        int frontN;
        Rounds judged;
        try {
            // Warm-up and calibration, placed as the judged rounds: warmed unplaced, the front met other
            // batch sizes once pinned and C2 recompiled (3–4% of its JVM's CPU in the measured runs).
            // Each target then gets about --seconds × SHARE per test per round. The front is a JVM: a perf
            // profile of its first 20 s under this load spent 44% of its CPU in the JIT compilers (C2 33%),
            // so it runs FRONT_WARMUP_RUNS × --seconds before it is calibrated and measured warm, as a
            // server that has been up a while is.
            directN = requestsFor(placed.run(directPort, 20_000), SHARE);
            int warmupN = requestsFor(placed.run(frontPort, 20_000), FRONT_WARMUP_RUNS);
            frontN = requestsFor(placed.run(frontPort, warmupN), SHARE);
            int warmupRun = Math.max(20_000, frontN / 2);
            // As for the handshakes: more unmeasured runs while the JIT compilers still take more than
            // JIT_SETTLED of the front JVM's CPU (at load 20 they took 42–53% of the measured runs).
            JitWarmup.Settled settled = JitWarmup.run(frontPids[0], JIT_SETTLED, WARMUP_MAX, SETTLE_WINDOW,
                    () -> placed.run(frontPort, warmupRun));
            report.line("warm-up: then %.1f s more of the front until the JIT compilers took %.1f%% of its JVM's CPU "
                    + "in %d s of runs (settled below %.0f%%, or %d s at most)", settled.seconds(),
                    100 * settled.jitShare(), SETTLE_WINDOW.toSeconds(), 100 * JIT_SETTLED, WARMUP_MAX.toSeconds());
            j.put("throughputWarmupJitShare", settled.jitShare());
            j.put("requestsPerRound", Map.of("direct", directN, "front", frontN));
            judged = rounds(placed, ROUNDS, frontPort, directPort, directN, frontN, frontPids, directPids);
        } finally {
            if (placement != null) {
                placement.unpin(servers);
            }
        }
        List<String> ratios = new ArrayList<>();
        List<String> added = new ArrayList<>();
        double worstRatio = Double.POSITIVE_INFINITY;
        double worstAdded = Double.NEGATIVE_INFINITY;
        report.line("%-8s %-6s %12s %9s %9s", "target", "test", "req/s", "p50 ms", "p99 ms");
        for (String test : RedisBenchmark.TESTS) {
            Judged v = judge(judged, test, true);
            worstRatio = Math.min(worstRatio, v.ratio());
            worstAdded = Math.max(worstAdded, v.addedP99());
            ratios.add(String.format("%s %.2f", test, v.ratio()));
            added.add(String.format("%s %+.3f", test, v.addedP99()));
            j.put(test, v.json());
        }
        // A rewrite forks the node; its child works beside the node (on its core, pinned) while SETs run.
        // Each run starts from a fresh rewrite (NodeAof), so any counted here happened inside a run.
        report.line("%-8s AOF rewrites inside each round's runs, each run begun on a just-rewritten AOF: direct %s; "
                + "front %s", "",
                judged.direct().rewrites, judged.front().rewrites);
        j.put("aofRewrites", Map.of("direct", judged.direct().rewrites, "front", judged.front().rewrites));
        cpu(judged);
        if (placement != null) {
            Rounds shared = rounds(bench, UNPINNED_ROUNDS, frontPort, directPort, directN, frontN, frontPids,
                    directPids);
            Map<String, Object> unpinned = new LinkedHashMap<>();
            List<String> said = new ArrayList<>();
            for (String test : RedisBenchmark.TESTS) {
                Judged v = judge(shared, test, false);
                unpinned.put(test, v.json());
                said.add(String.format("%s %.2f, %+.3f ms", test, v.ratio(), v.addedP99()));
            }
            j.put("unpinned", unpinned);
            report.line("unpinned, reported (%d rounds; client and servers on every CPU, as judged before 5 December "
                    + "2026): front ÷ direct, added p99: %s", UNPINNED_ROUNDS, String.join("; ", said));
        }
        report.check("front throughput (SET/GET, vs direct)", ">= 80% of direct", String.join(", ", ratios),
                worstRatio >= 0.80);
        report.check("front added p99 (SET/GET)", "< 0.5 ms", String.join(", ", added) + " ms", worstAdded < 0.5);
    }

    private Rounds rounds(RedisBenchmark bench, int count, int frontPort, int directPort, int directN, int frontN,
                          long[] frontPids, long[] directPids) throws IOException, InterruptedException {
        Side direct = new Side(directNode, directPort, directN, directPids);
        Side front = new Side(frontNode, frontPort, frontN, frontPids);
        ThreadCpu frontJvm = new ThreadCpu(0, 0, 0, 0);
        for (int r = 0; r < count; r++) {
            boolean directFirst = r % 2 == 0;
            if (directFirst) {
                direct.run(bench);
            }
            ThreadCpu threadsBefore = ThreadCpu.of(frontPids[0]);
            front.run(bench);
            frontJvm = frontJvm.plus(ThreadCpu.of(frontPids[0]).minus(threadsBefore));
            if (!directFirst) {
                direct.run(bench);
            }
        }
        return new Rounds(direct, front, frontJvm);
    }

    /** One target's runs: each begun on a just-rewritten AOF; its lines, server CPU and rewrites inside runs. */
    private static final class Side {
        final NodeAof node;
        final int port;
        final int requests;
        final long[] pids;
        final Map<String, List<RedisBenchmark.Line>> lines = new LinkedHashMap<>();
        final List<Long> rewrites = new ArrayList<>();
        double cpu;
        /** Requests sent in its runs, every test's. */
        long sent;

        Side(NodeAof node, int port, int requests, long[] pids) {
            this.node = node;
            this.port = port;
            this.requests = requests;
            this.pids = pids;
        }

        void run(RedisBenchmark bench) throws IOException, InterruptedException {
            long rewritesBefore = node.compact();
            double before = FrontSection.cpuSeconds(pids);
            Map<String, RedisBenchmark.Line> run = bench.run(port, requests);
            run.forEach((t, l) -> lines.computeIfAbsent(t, k -> new ArrayList<>()).add(l));
            sent += (long) requests * run.size();
            cpu += FrontSection.cpuSeconds(pids) - before;
            rewrites.add(node.rewrites() - rewritesBefore);
        }
    }

    /** One test's medians and the median of its rounds' ratios and added p99s; printed when {@code print}. */
    private Judged judge(Rounds rounds, String test, boolean print) {
        List<RedisBenchmark.Line> direct = rounds.direct().lines.get(test);
        List<RedisBenchmark.Line> front = rounds.front().lines.get(test);
        RedisBenchmark.Line d = median(direct);
        RedisBenchmark.Line f = median(front);
        List<Double> roundRatios = new ArrayList<>();
        List<Double> roundAdded = new ArrayList<>();
        for (int r = 0; r < rounds.count(); r++) {
            roundRatios.add(front.get(r).rps() / direct.get(r).rps());
            roundAdded.add(front.get(r).p99() - direct.get(r).p99());
        }
        double ratio = StartupSection.median(roundRatios);
        double addedP99 = StartupSection.median(roundAdded);
        if (print) {
            report.line("%-8s %-6s %12.0f %9.3f %9.3f", "direct", test, d.rps(), d.p50(), d.p99());
            report.line("%-8s %-6s %12.0f %9.3f %9.3f", "front", test, f.rps(), f.p50(), f.p99());
            report.line("%-8s %-6s %12s %9s %+9.3f   (front ÷ direct; added p99: medians of the rounds')", "ratio",
                    test, String.format("%.2f", ratio), "", addedP99);
            report.line("%-8s %-6s rounds: ratios %s; added p99 %s ms", "", test, joined(roundRatios, "%.2f"),
                    joined(roundAdded, "%+.3f"));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("directRequestsPerSecond", d.rps());
        m.put("frontRequestsPerSecond", f.rps());
        m.put("ratio", ratio);
        m.put("directP50Ms", d.p50());
        m.put("directP99Ms", d.p99());
        m.put("frontP50Ms", f.p50());
        m.put("frontP99Ms", f.p99());
        m.put("addedP99Ms", addedP99);
        m.put("roundRatios", roundRatios);
        m.put("roundAddedP99Ms", roundAdded);
        return new Judged(ratio, addedP99, m);
    }

    private void cpu(Rounds rounds) {
        double directMicros = rounds.direct().cpu * 1e6 / rounds.direct().sent;
        double frontMicros = rounds.front().cpu * 1e6 / rounds.front().sent;
        j.put("serverCpuMicrosPerRequest", Map.of("direct", directMicros, "front", frontMicros));
        report.line("server CPU per request (SET and GET together): direct %.2f us (redis-server), front %.2f us "
                + "(cachewarden JVM + its node); machine load average now %.2f", directMicros, frontMicros,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        ThreadCpu jvm = rounds.frontJvm();
        report.line("the front's JVM in those runs: %s; without the JIT compilers the front used %.2f us per request",
                jvm.shares(), (rounds.front().cpu - jvm.jit()) * 1e6 / rounds.front().sent);
        j.put("frontJvmThreadSeconds", Map.of("eventLoops", jvm.eventLoops(), "jit", jvm.jit(), "gc", jvm.gc(),
                "other", jvm.other()));
    }

    /** Requests per test for about {@code times} × --seconds, from a calibration run's slower test. */
    private int requestsFor(Map<String, RedisBenchmark.Line> calibration, double times) {
        double rps = calibration.values().stream().mapToDouble(RedisBenchmark.Line::rps).min().orElse(10_000);
        double seconds = times * ctx.options.measure().toMillis() / 1000.0;
        return (int) Math.max(20_000, Math.min(5_000_000, rps * seconds));
    }

    private static long[] concat(long[] a, long[] b) {
        long[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static String joined(List<Double> values, String format) {
        return String.join(" ", values.stream().map(v -> String.format(format, v)).toList());
    }

    private static RedisBenchmark.Line median(List<RedisBenchmark.Line> runs) {
        List<RedisBenchmark.Line> byRps = new ArrayList<>(runs);
        byRps.sort((a, b) -> Double.compare(a.rps(), b.rps()));
        if (byRps.size() % 2 == 1) {
            return byRps.get(byRps.size() / 2);
        }
        RedisBenchmark.Line a = byRps.get(byRps.size() / 2 - 1);
        RedisBenchmark.Line b = byRps.get(byRps.size() / 2);
        return new RedisBenchmark.Line(a.test(), (a.rps() + b.rps()) / 2, (a.p50() + b.p50()) / 2,
                (a.p99() + b.p99()) / 2);
    }
}
