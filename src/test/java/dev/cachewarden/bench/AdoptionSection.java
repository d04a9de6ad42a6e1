package dev.cachewarden.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adoption at restart (issue 10): {@value #CACHES} replication groups of 2 nodes each, then cachewarden
 * killed with SIGKILL and started again on the same data dir, {@value #RESTARTS} times. Measured: the
 * adoption pass itself (from its log line), and process start to every group's primary endpoint
 * accepting connections again through the front; checked: every node kept its PID.
 */
final class AdoptionSection {
    private static final int CACHES = 20;
    private static final int RESTARTS = 3;
    private static final String LABEL = "adoption";
    private static final Pattern ADOPTION = Pattern.compile("node adoption: (\\d+) adopted.*? in (\\d+) ms");

    private final BenchContext ctx;
    private final Report report;

    AdoptionSection(BenchContext ctx, Report report) {
        this.ctx = ctx;
        this.report = report;
    }

    void run() throws Exception {
        List<Integer> ports = new ArrayList<>();
        ServerProcess server = ctx.startCachewarden(LABEL, List.of(), false);
        try {
            ctx.awaitCachewarden(server);
            Target cw = BenchContext.cachewarden(server);
            BenchContext.log("adoption: creating " + CACHES + " replication groups of 2 nodes");
            try (HttpConnection http = new HttpConnection(cw.host(), cw.port())) {
                QueryRequests q = new QueryRequests(cw);
                // All at once, as the engine creates several side by side; then each awaited in turn (each
                // wait has its own deadline, so twenty queued creations on a loaded machine fit).
                for (int i = 0; i < CACHES; i++) {
                    Api.ok(http.exchange(q.action("CreateReplicationGroup", "ReplicationGroupId", "adopt-" + i,
                            "ReplicationGroupDescription", "adoption benchmark", "Engine", "redis",
                            "NumCacheClusters", "2")), "CreateReplicationGroup");
                }
                for (int i = 0; i < CACHES; i++) {
                    ports.add(primaryPort(Api.awaitAvailable(http, q, "adopt-" + i)));
                }
            }
            Map<String, Long> pids = nodePids();
            List<Double> adoptionMs = new ArrayList<>();
            List<Double> endpointsMs = new ArrayList<>();
            int adopted = 0;
            boolean samePids = true;
            for (int r = 0; r < RESTARTS; r++) {
                BenchContext.log("adoption: kill -9 and restart " + (r + 1) + "/" + RESTARTS);
                kill(server);
                server.close();
                // The last start stops the nodes at its end, so that none outlives the benchmark.
                server = ctx.startCachewarden(LABEL, List.of(), r == RESTARTS - 1);
                long started = System.nanoTime();
                awaitPorts(ports);
                endpointsMs.add((System.nanoTime() - started) / 1e6);
                Matcher m = ADOPTION.matcher(Files.readString(ctx.workDir.resolve(LABEL + ".log")));
                double last = Double.NaN;
                while (m.find()) {
                    adopted = Integer.parseInt(m.group(1));
                    last = Double.parseDouble(m.group(2));
                }
                adoptionMs.add(last);
                samePids &= nodePids().equals(pids);
            }
            double adoption = StartupSection.median(adoptionMs);
            double endpoints = StartupSection.median(endpointsMs);
            report.line("");
            report.line("== Adoption: %d replication groups x 2 nodes, cachewarden killed (SIGKILL) and restarted; "
                    + "median of %d ==", CACHES, RESTARTS);
            report.line("%-44s %10.0f ms   %s", "adoption pass (scan, verify, adopt)", adoption, adoptionMs);
            report.line("%-44s %10.0f ms   %s", "process start to every endpoint accepting", endpoints, endpointsMs);
            report.line("%-44s %10d of %d, PIDs unchanged: %s", "nodes adopted", adopted, 2 * CACHES, samePids);
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("caches", CACHES);
            j.put("adoptionPassMs", adoptionMs);
            j.put("startToEndpointsMs", endpointsMs);
            j.put("adopted", adopted);
            j.put("pidsUnchanged", samePids);
            report.json.put("adoption", j);
            report.check("nodes adopted at restart, PIDs unchanged", 2 * CACHES + " of " + 2 * CACHES,
                    adopted + ", " + samePids, adopted == 2 * CACHES && samePids);
            report.check("start to all 20 caches' endpoints back", "reported", String.format("%.0f ms", endpoints), null);
        } finally {
            server.close();
            stopLeftNodes();
        }
    }

    /** After a failure the nodes may outlive the last server: stopped by PID, if the process runs from their directory. */
    private void stopLeftNodes() {
        Path nodes = ctx.dataDir(LABEL).resolve("nodes");
        if (!Files.isDirectory(nodes)) {
            return;
        }
        try (var dirs = Files.list(nodes)) {
            for (Path dir : dirs.toList()) {
                try {
                    long pid = Long.parseLong(Files.readString(dir.resolve("redis.pid")).strip());
                    Path cwd = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd"));
                    if (cwd.equals(dir.toRealPath())) {
                        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
                    }
                } catch (IOException | RuntimeException gone) {
                    // no pid file or no such process: nothing runs from there
                }
            }
        } catch (IOException ignored) {
            // nothing to stop
        }
    }

    private static void kill(ServerProcess server) throws Exception {
        ProcessHandle handle = ProcessHandle.of(server.pid()).orElseThrow();
        handle.destroyForcibly();
        handle.onExit().get();
    }

    /** Each node's PID by its directory, from the pid file the node writes. */
    private Map<String, Long> nodePids() throws IOException {
        Map<String, Long> pids = new LinkedHashMap<>();
        try (var dirs = Files.list(ctx.dataDir(LABEL).resolve("nodes"))) {
            for (Path dir : dirs.sorted().toList()) {
                pids.put(dir.getFileName().toString(), Long.parseLong(Files.readString(dir.resolve("redis.pid")).strip()));
            }
        }
        return pids;
    }

    private static void awaitPorts(List<Integer> ports) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + BenchContext.START_TIMEOUT.toNanos();
        for (int port : ports) {
            while (!accepts(port)) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("endpoint " + port + " not back after " + BenchContext.START_TIMEOUT);
                }
                Thread.sleep(10);
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int primaryPort(String body) throws IOException {
        Matcher m = Pattern.compile("<PrimaryEndpoint>.*?<Port>(\\d+)</Port>", Pattern.DOTALL).matcher(body);
        if (!m.find()) {
            throw new IOException("no PrimaryEndpoint in " + body);
        }
        return Integer.parseInt(m.group(1));
    }
}
