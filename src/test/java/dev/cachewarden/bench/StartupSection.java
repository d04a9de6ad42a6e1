package dev.cachewarden.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Start to first answer (process start until a signed DescribeUsers gets its 200, fresh data
 * directory) and resident memory once idle, for cachewarden and for moto, each started three times.
 */
final class StartupSection {
    private static final int STARTS = 3;
    private static final Duration SETTLE = Duration.ofSeconds(2);

    private final BenchContext ctx;
    private final Report report;

    StartupSection(BenchContext ctx, Report report) {
        this.ctx = ctx;
        this.report = report;
    }

    void run() throws Exception {
        List<Double> cwStart = new ArrayList<>();
        List<Double> cwRss = new ArrayList<>();
        List<Double> motoStart = new ArrayList<>();
        List<Double> motoRss = new ArrayList<>();
        for (int i = 0; i < STARTS; i++) {
            BenchContext.log("start-up " + (i + 1) + "/" + STARTS);
            try (ServerProcess server = ctx.startCachewarden("startup-" + i, List.of())) {
                cwStart.add(ctx.awaitCachewarden(server).toNanos() / 1e6);
                Thread.sleep(SETTLE.toMillis());
                cwRss.add(server.rssMiB());
            }
            if (ctx.options.moto()) {
                try (ServerProcess moto = ctx.startMoto()) {
                    if (moto != null) {
                        motoStart.add(ctx.awaitMoto(moto).toNanos() / 1e6);
                        Thread.sleep(SETTLE.toMillis());
                        motoRss.add(moto.rssMiB());
                    }
                }
            }
        }
        double start = median(cwStart);
        double rss = median(cwRss);
        report.line("");
        report.line("== Start-up: process start to first signed answer (fresh store), idle RSS %ss later; "
                + "median of %d ==", SETTLE.toSeconds(), STARTS);
        report.line("%-12s %14s %14s   %s", "server", "first answer", "idle RSS", "all runs (ms / MiB)");
        report.line("%-12s %11.0f ms %10.1f MiB   %s / %s", "cachewarden", start, rss, fmt(cwStart), fmt(cwRss));
        if (!motoStart.isEmpty()) {
            report.line("%-12s %11.0f ms %10.1f MiB   %s / %s", "moto", median(motoStart), median(motoRss),
                    fmt(motoStart), fmt(motoRss));
            report.line("%-12s %13s× %13s×", "cw ÷ moto", Report.ratio(start, median(motoStart)),
                    Report.ratio(rss, median(motoRss)));
        }
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("cachewardenFirstAnswerMs", cwStart);
        j.put("cachewardenIdleRssMiB", cwRss);
        j.put("motoFirstAnswerMs", motoStart);
        j.put("motoIdleRssMiB", motoRss);
        report.json.put("startup", j);
        report.check(IssueTarget.START_TO_FIRST_ANSWER, String.format("%.0f ms%s", start, motoStart.isEmpty() ? ""
                : String.format(" (moto %.0f ms)", median(motoStart))), start < 500);
        // MB as the issue writes it; VmRSS is in KiB, so MiB is the stricter reading.
        report.check(IssueTarget.IDLE_RSS, String.format("%.1f MiB%s", rss, motoRss.isEmpty() ? ""
                : String.format(" (moto %.1f MiB)", median(motoRss))), rss < 128);
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String fmt(List<Double> values) {
        return values.stream().map(v -> String.format("%.0f", v)).toList().toString();
    }
}
