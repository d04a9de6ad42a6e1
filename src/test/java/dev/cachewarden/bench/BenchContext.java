package dev.cachewarden.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What every section shares: the options, a scratch directory, and how to start the servers. */
final class BenchContext {
    static final String ACCESS_KEY_ID = "AKIDCACHEWARDENBENCH";
    static final String SECRET_ACCESS_KEY = "cachewarden-bench-secret";
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    final BenchOptions options;
    final Path workDir;
    final String javaCommand;

    BenchContext(BenchOptions options) throws IOException {
        this.options = options;
        this.workDir = Files.createTempDirectory("cachewarden-bench-");
        this.javaCommand = ProcessHandle.current().info().command().orElse("java");
    }

    /**
     * Starts {@code java -jar cachewarden.jar serve} on a port it picks (read back from its
     * {@code --port-file}) with a durable store of its own (the default embedded H2 file, every change
     * on disk before it is acknowledged). The port is known once {@link #awaitCachewarden} returned.
     */
    ServerProcess startCachewarden(String label, List<String> extraArgs) throws IOException {
        return startCachewarden(label, extraArgs, true);
    }

    /**
     * As above; {@code stopNodesOnExit} false leaves its cache nodes running past its end, for the next
     * start on the same label to adopt (the adoption section), so the section must stop them itself.
     */
    ServerProcess startCachewarden(String label, List<String> extraArgs, boolean stopNodesOnExit) throws IOException {
        Path dataDir = Files.createDirectories(dataDir(label));
        List<String> command = new ArrayList<>();
        command.add(javaCommand);
        command.addAll(jvmOptionsFile());
        command.addAll(options.serverJavaOptions());
        command.addAll(List.of("-jar", options.jar().toString(), "serve", "--bind", "127.0.0.1",
                "--port", "0", "--port-file", workDir.resolve(label + ".port").toString(),
                "--data-dir", dataDir.toString(), "--transition-delay", "0s"));
        if (stopNodesOnExit) {
            command.add("--stop-nodes-on-exit"); // no node outlives the benchmark
        }
        command.addAll(extraArgs);
        ServerProcess server = ServerProcess.startWithPortFile("cachewarden (" + label + ")", command,
                Map.of("CACHEWARDEN_ACCESS_KEY_ID", ACCESS_KEY_ID, "CACHEWARDEN_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY),
                workDir.resolve(label + ".port"), workDir.resolve(label + ".log"));
        if (stopNodesOnExit) {
            // A server stopped by SIGKILL at the end of its grace period leaves the nodes it had not stopped
            // yet (hundreds after the reconcile section): they must not idle on under later measurements.
            server.afterClose(() -> {
                try {
                    killNodes(dataDir);
                } catch (IOException | RuntimeException e) {
                    log("could not stop the nodes left under " + dataDir + ": " + e);
                }
            });
        }
        return server;
    }

    /** The options in bin/jvm.options, which bin/cachewarden runs the server with: measure what users run. */
    static List<String> jvmOptionsFile() throws IOException {
        Path file = Path.of("bin", "jvm.options");
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    /** Where the cachewarden process started under {@code label} keeps its state. */
    Path dataDir(String label) {
        return workDir.resolve(label + "-data");
    }

    /** moto's standalone server, or null when {@code moto_server} is not on the PATH. */
    ServerProcess startMoto() throws IOException {
        String moto = onPath("moto_server");
        if (moto == null) {
            return null;
        }
        int port = ServerProcess.freePort();
        return ServerProcess.start("moto", List.of(moto, "-H", "127.0.0.1", "-p", Integer.toString(port)),
                Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test", "AWS_DEFAULT_REGION",
                        Target.REGION), port, workDir.resolve("moto.log"));
    }

    static Target cachewarden(ServerProcess server) {
        return new Target("cachewarden", "127.0.0.1", server.port(), ACCESS_KEY_ID, SECRET_ACCESS_KEY, server.pid());
    }

    static Target moto(ServerProcess server) {
        return new Target("moto", "127.0.0.1", server.port(), "test", "test", server.pid());
    }

    /** A signed DescribeUsers to the port given: the readiness probe, which start-up time counts to. */
    static java.util.function.Function<Integer, byte[]> probe(String accessKeyId, String secretAccessKey) {
        return port -> new QueryRequests(new Target("probe", "127.0.0.1", port, accessKeyId, secretAccessKey))
                .action("DescribeUsers", "MaxRecords", "20");
    }

    /** Waits for a cachewarden process's first answer; the time from its start. */
    Duration awaitCachewarden(ServerProcess server) throws IOException, InterruptedException {
        return server.awaitFirstAnswer(probe(ACCESS_KEY_ID, SECRET_ACCESS_KEY), START_TIMEOUT);
    }

    /** Waits for moto's first answer; the time from its start. */
    Duration awaitMoto(ServerProcess server) throws IOException, InterruptedException {
        return server.awaitFirstAnswer(probe("test", "test"), START_TIMEOUT);
    }

    LoadGenerator.Result load(Target target, String operation, int concurrency, LoadGenerator.Workload workload)
            throws InterruptedException {
        return LoadGenerator.run(target.name(), operation, target.host(), target.port(), concurrency, workload,
                options.warmup(), options.measure(), target.pid());
    }

    /** Runs a seeding workload to its end; every answer must be a 200. */
    void seed(Target target, String what, int concurrency, LoadGenerator.Workload workload)
            throws InterruptedException {
        LoadGenerator.Result r = LoadGenerator.run(target.name(), what, target.host(), target.port(), concurrency,
                workload, Duration.ZERO, Duration.ofMinutes(5));
        if (!r.others().isEmpty()) {
            throw new IllegalStateException("seeding " + what + " on " + target.name() + " failed: " + r.others());
        }
    }

    static String onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    /**
     * Deletes the servers' data directories (hundreds of MB after the scale section); the logs stay.
     * Nodes outlive a server that did not finish stopping them within its grace period (they are
     * daemons, not its children): those still running are killed first, by the PIDs in their
     * directories, so none is left behind writing into a directory being deleted.
     */
    void deleteData() throws IOException {
        try (var dirs = Files.list(workDir)) {
            for (Path dir : dirs.filter(p -> p.getFileName().toString().endsWith("-data")).toList()) {
                killNodes(dir);
                for (Path p : tree(dir).stream().sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void killNodes(Path dataDir) throws IOException {
        List<ProcessHandle> nodes = tree(dataDir).stream().filter(p -> p.getFileName().toString().equals("redis.pid"))
                .flatMap(p -> {
                    try {
                        return ProcessHandle.of(Long.parseLong(Files.readString(p).trim())).stream();
                    } catch (IOException | NumberFormatException e) {
                        return java.util.stream.Stream.empty();
                    }
                }).filter(h -> h.info().command().map(c -> c.contains("redis") || c.contains("valkey")).orElse(false))
                .toList();
        nodes.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : nodes) {
            h.onExit().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> h).join();
        }
    }

    /**
     * Every path under {@code dir}. A node still exiting deletes its socket and pid file meanwhile, which
     * fails a walk (a run once lost its table to that at its very end): the walk is tried again.
     */
    private static List<Path> tree(Path dir) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try (var tree = Files.walk(dir)) {
                return tree.toList();
            } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
                if (attempt == 5 || !Files.exists(dir)) {
                    throw e instanceof java.io.UncheckedIOException u ? u.getCause() : (IOException) e;
                }
            }
        }
    }

    static void log(String message) {
        System.err.printf("[bench %tT] %s%n", System.currentTimeMillis(), message);
    }
}
