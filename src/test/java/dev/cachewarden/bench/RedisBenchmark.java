package dev.cachewarden.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs Redis's own {@code redis-benchmark} (Debian redis-tools) over TLS as a password user and
 * reads its {@code --csv} output. redis-benchmark 7.0 prints per test: rps, avg, min, p50, p95, p99
 * and max latency in ms (a pipelined request's latency is its batch's round trip).
 */
final class RedisBenchmark {
    static final int CLIENTS = 50;
    static final int PIPELINE = 16;
    static final List<String> TESTS = List.of("SET", "GET");

    /** One test's line of redis-benchmark's CSV. */
    record Line(String test, double rps, double p50, double p99) {}

    private final String binary;
    private final Path ca;
    private final String user;
    private final String password;
    /** What the command line starts with (e.g. {@code taskset -c 0}); empty for none. */
    private final List<String> prefix;

    RedisBenchmark(String binary, Path ca, String user, String password) {
        this(binary, ca, user, password, List.of());
    }

    private RedisBenchmark(String binary, Path ca, String user, String password, List<String> prefix) {
        this.binary = binary;
        this.ca = ca;
        this.user = user;
        this.password = password;
        this.prefix = prefix;
    }

    /** The same runs, started behind {@code prefix} ({@link CpuPlacement#clientPrefix}). */
    RedisBenchmark behind(List<String> prefix) {
        return new RedisBenchmark(binary, ca, user, password, prefix);
    }

    /** SET then GET, {@code requests} each, 50 clients, pipeline 16, 3-byte values over 100,000 keys. */
    Map<String, Line> run(int port, int requests) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(binary, "-h", "127.0.0.1", "-p", Integer.toString(port), "--tls",
                "--cacert", ca.toString(), "--user", user, "-a", password, "-c", Integer.toString(CLIENTS),
                "-P", Integer.toString(PIPELINE), "-t", "set,get", "-n", Integer.toString(requests),
                "-r", "100000", "--csv"));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("redis-benchmark on port " + port + " did not finish");
        }
        Map<String, Line> lines = parse(out);
        if (p.exitValue() != 0 || !lines.keySet().containsAll(TESTS)) {
            throw new IOException("redis-benchmark on port " + port + " exited " + p.exitValue() + ": " + out.strip());
        }
        return lines;
    }

    /** The CSV: a header naming the columns, then one quoted line per test. */
    static Map<String, Line> parse(String csv) {
        Map<String, Line> lines = new LinkedHashMap<>();
        List<String> header = null;
        for (String raw : csv.split("\r?\n")) {
            List<String> cells = cells(raw);
            if (cells.isEmpty()) {
                continue;
            }
            if (cells.get(0).equals("test")) {
                header = cells;
            } else if (header != null && cells.size() == header.size()) {
                lines.put(cells.get(0), new Line(cells.get(0), number(cells, header, "rps"),
                        number(cells, header, "p50_latency_ms"), number(cells, header, "p99_latency_ms")));
            }
        }
        return lines;
    }

    private static double number(List<String> cells, List<String> header, String column) {
        int i = header.indexOf(column);
        return i < 0 ? Double.NaN : Double.parseDouble(cells.get(i));
    }

    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        for (String c : line.strip().split(",")) {
            if (!c.isEmpty()) {
                cells.add(c.replace("\"", ""));
            }
        }
        return cells;
    }
}
