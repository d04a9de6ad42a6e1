package dev.cachewarden.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * wrk (C, epoll, keep-alive) replaying one presigned request on the no-op endpoint: the yardstick
 * for the generator's own ceiling. Runs only when {@code wrk} is on the PATH.
 */
final class WrkCrossCheck {
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)\\s*$",
            Pattern.MULTILINE);

    /** wrk's figures for one run: req/s, and its latency percentiles in ms (NaN where not printed). */
    record Figures(double requestsPerSecond, double p50, double p99) {
        static final Figures NONE = new Figures(Double.NaN, Double.NaN, Double.NaN);

        java.util.Map<String, Object> json() {
            java.util.Map<String, Object> j = new java.util.LinkedHashMap<>();
            j.put("requestsPerSecond", requestsPerSecond);
            j.put("p50Ms", p50);
            j.put("p99Ms", p99);
            return j;
        }
    }

    private WrkCrossCheck() {}

    /** wrk's req/s over {@code seconds} at {@code connections} on two threads, or NaN without wrk. */
    static double requestsPerSecond(Path workDir, Target target, String path, byte[] request, int connections,
                                    long seconds) throws IOException, InterruptedException {
        return run(workDir, target, path, request, connections, seconds).requestsPerSecond();
    }

    /** As above, with wrk's latency distribution ({@code --latency}); {@link Figures#NONE} without wrk. */
    static Figures run(Path workDir, Target target, String path, byte[] request, int connections, long seconds)
            throws IOException, InterruptedException {
        String wrk = BenchContext.onPath("wrk");
        if (wrk == null) {
            return Figures.NONE;
        }
        Path script = workDir.resolve("wrk-" + path.replace('/', '_') + ".lua");
        Files.writeString(script, luaScript(request));
        Path log = workDir.resolve("wrk.log");
        Process p = new ProcessBuilder(wrk, "-t2", "-c" + connections, "-d" + seconds + "s", "--latency", "-s",
                script.toString(),
                "http://" + target.host() + ":" + target.port() + path)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(seconds + 30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("wrk did not finish; see " + log);
        }
        return parse(Files.readString(log));
    }

    static Figures parse(String wrkOutput) {
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        Matcher m = PERCENTILE.matcher(wrkOutput);
        while (m.find()) {
            double value = Double.parseDouble(m.group(2)) * switch (m.group(3)) {
                case "us" -> 0.001;
                case "s" -> 1000;
                default -> 1;
            };
            if (m.group(1).equals("50")) {
                p50 = value;
            } else {
                p99 = value;
            }
        }
        return new Figures(parseRate(wrkOutput), p50, p99);
    }

    static double parseRate(String wrkOutput) {
        Matcher m = RATE.matcher(wrkOutput);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /** A wrk script sending {@code request}'s headers and body (wrk sets Host and Content-Length itself). */
    static String luaScript(byte[] request) {
        String text = new String(request, StandardCharsets.ISO_8859_1);
        int split = text.indexOf("\r\n\r\n");
        List<String> lines = List.of(text.substring(0, split).split("\r\n"));
        StringBuilder lua = new StringBuilder("wrk.method = \"POST\"\n");
        lua.append("wrk.body = ").append(quote(text.substring(split + 4))).append('\n');
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(':');
            String name = line.substring(0, colon);
            if (name.equalsIgnoreCase("Content-Length")) {
                continue;
            }
            lua.append("wrk.headers[").append(quote(name)).append("] = ")
                    .append(quote(line.substring(colon + 1).strip())).append('\n');
        }
        return lua.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
