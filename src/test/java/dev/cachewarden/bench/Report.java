package dev.cachewarden.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The run's findings: the printed table, the JSON document and the performance targets, each judged. */
final class Report {
    /** One performance target: the bar, what was measured, and whether it was met. */
    record Check(String target, String bar, String measured, Boolean met) {
        String verdict() {
            if (met == null) {
                return bar.equals("reported") ? "reported" : "not measured";
            }
            return met ? "met" : "MISSED";
        }
    }

    final Map<String, Object> json = new LinkedHashMap<>();
    /** Bars outside issue 13's list (front, failover, adoption). */
    final List<Check> checks = new ArrayList<>();
    /** Issue 13's targets as measured; {@link IssueTarget}s missing here were not measured. */
    final Map<IssueTarget, Check> targets = new java.util.EnumMap<>(IssueTarget.class);
    private final StringBuilder text = new StringBuilder();

    void line(String format, Object... args) {
        String s = String.format(Locale.ROOT, format, args);
        text.append(s).append('\n');
        System.out.println(s);
        System.out.flush();
    }

    void check(String target, String bar, String measured, Boolean met) {
        checks.add(new Check(target, bar, measured, met));
    }

    /** Judges one of issue 13's targets; the bar printed is the issue's. */
    void check(IssueTarget target, String measured, boolean met) {
        targets.put(target, new Check(target.label, target.bar, measured, met));
    }

    /** One of issue 13's targets that a section ran but could not measure (the reason in place of a figure). */
    void notMeasured(IssueTarget target, String why) {
        targets.put(target, new Check(target.label, target.bar, why, null));
    }

    /** Every issue 13 target in the issue's order, then the other bars. */
    List<Check> allChecks() {
        List<Check> all = new ArrayList<>();
        for (IssueTarget t : IssueTarget.values()) {
            all.add(targets.getOrDefault(t, new Check(t.label, t.bar, "(section " + t.section + " not run)", null)));
        }
        all.addAll(checks);
        return all;
    }

    String text() {
        return text.toString();
    }

    static Map<String, Object> result(LoadGenerator.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", r.target());
        m.put("operation", r.operation());
        m.put("concurrency", r.concurrency());
        m.put("requestsPerSecond", r.requestsPerSecond());
        m.put("p50Ms", r.p50());
        m.put("p99Ms", r.p99());
        m.put("p999Ms", r.p999());
        m.put("meanMs", r.mean());
        m.put("answered", r.ok());
        m.put("otherAnswers", r.others());
        m.put("seconds", r.seconds());
        m.put("connections", r.connections());
        if (!Double.isNaN(r.serverCpuMicrosPerRequest())) {
            m.put("serverCpuMicrosPerRequest", r.serverCpuMicrosPerRequest());
        }
        return m;
    }

    static String others(Map<String, Long> others) {
        if (others.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder();
        others.forEach((k, v) -> s.append(s.isEmpty() ? "" : ", ").append(k).append(" ").append(v));
        return s.toString();
    }

    static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "-" : String.format(Locale.ROOT, "%.2f", a / b);
    }
}
