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
    final List<Check> checks = new ArrayList<>();
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
