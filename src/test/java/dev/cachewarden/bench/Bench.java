package dev.cachewarden.bench;

import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark (docs/bench.md): starts the servers it measures as processes on free loopback
 * ports, loads them with {@link LoadGenerator}, prints a table and writes it as JSON. Run it with
 * {@code bench/run}; it is not a test and {@code mvn verify} never runs it.
 */
public final class Bench {
    private Bench() {}

    /**
     * The clients' own libraries log through JUL here (HandshakeLoop), and Lettuce's cluster client
     * warns with a stack trace at every reconnect to a node the resharding just removed: expected,
     * and it buried the report. Kept in fields: JUL holds its loggers weakly, with their levels.
     */
    private static final List<java.util.logging.Logger> QUIET = List.of(
            java.util.logging.Logger.getLogger("io.lettuce"), java.util.logging.Logger.getLogger("io.netty"));

    public static void main(String[] args) throws Exception {
        io.netty.util.internal.logging.InternalLoggerFactory.setDefaultFactory(
                io.netty.util.internal.logging.JdkLoggerFactory.INSTANCE);
        QUIET.forEach(l -> l.setLevel(java.util.logging.Level.SEVERE));
        BenchOptions options = BenchOptions.parse(args);
        if (!Files.isRegularFile(options.jar())) {
            throw new IllegalStateException(options.jar() + " is missing; build it with mvn -DskipTests package");
        }
        BenchContext ctx = new BenchContext(options);
        Report report = new Report();
        long started = System.nanoTime();
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("startedAt", Instant.now().toString());
        run.put("java", System.getProperty("java.version"));
        run.put("processors", Runtime.getRuntime().availableProcessors());
        run.put("loadAverageAtStart", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
        run.put("warmupSeconds", options.warmup().toMillis() / 1000.0);
        run.put("measureSeconds", options.measure().toMillis() / 1000.0);
        run.put("serverJavaOptions", options.serverJavaOptions());
        report.json.put("run", run);
        report.line("cachewarden benchmark: %d processors, load average %.2f at start, %s s measured per phase "
                        + "after %s s warm-up", Runtime.getRuntime().availableProcessors(),
                run.get("loadAverageAtStart"), options.measure().toMillis() / 1000.0,
                options.warmup().toMillis() / 1000.0);

        List<String> sections = options.sections();
        // Each section's wall time, so that the whole run's (issue 13: under 10 minutes) can be split.
        Map<String, Object> sectionSeconds = new LinkedHashMap<>();
        run.put("sectionSeconds", sectionSeconds);
        Map<String, Section> all = new LinkedHashMap<>();
        all.put("startup", () -> new StartupSection(ctx, report).run());
        all.put("api", () -> new ApiSection(ctx, report).run());
        all.put("propagation", () -> new PropagationSection(ctx, report).run());
        all.put("reconcile", () -> new ReconcileSection(ctx, report).run());
        all.put("scale", () -> new ScaleSection(ctx, report).run());
        all.put("front", () -> new FrontSection(ctx, report).run());
        all.put("failover", () -> new FailoverSection(ctx, report).run());
        all.put("adoption", () -> new AdoptionSection(ctx, report).run());
        all.put("cluster", () -> new ClusterSection(ctx, report).run());
        try {
            for (Map.Entry<String, Section> section : all.entrySet()) {
                if (sections.contains(section.getKey())) {
                    long t0 = System.nanoTime();
                    section.getValue().run();
                    sectionSeconds.put(section.getKey(), Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
                }
            }
        } finally {
            ctx.deleteData();
        }

        report.line("");
        report.line("== Targets ==");
        report.line("%-46s %-26s %-36s %s", "target (issue 13's list, then the other bars)", "bar", "measured",
                "verdict");
        List<Object> checks = new ArrayList<>();
        int met = 0;
        int missed = 0;
        for (Report.Check c : report.allChecks()) {
            report.line("%-46s %-26s %-36s %s", c.target(), c.bar(), c.measured(), c.verdict());
            met += Boolean.TRUE.equals(c.met()) ? 1 : 0;
            missed += Boolean.FALSE.equals(c.met()) ? 1 : 0;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("target", c.target());
            m.put("bar", c.bar());
            m.put("measured", c.measured());
            m.put("met", c.met());
            checks.add(m);
        }
        report.line("%d met, %d MISSED, %d not measured or reported", met, missed, checks.size() - met - missed);
        report.json.put("targets", checks);
        double seconds = (System.nanoTime() - started) / 1e9;
        run.put("seconds", seconds);
        run.put("loadAverageAtEnd", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
        report.json.put("table", report.text());
        Files.createDirectories(options.out().toAbsolutePath().getParent());
        Files.writeString(options.out(), Json.write(report.json));
        report.line("");
        StringBuilder split = new StringBuilder();
        sectionSeconds.forEach((name, t) -> split.append(split.isEmpty() ? "" : ", ").append(name).append(' ')
                .append(Math.round((Double) t)).append(" s"));
        report.line("benchmark took %.0f s (%s); results in %s; server logs in %s", seconds, split,
                options.out(), ctx.workDir);
    }

    @FunctionalInterface
    private interface Section {
        void run() throws Exception;
    }
}
