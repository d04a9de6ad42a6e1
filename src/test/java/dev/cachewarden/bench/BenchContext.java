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
     * Starts {@code java -jar cachewarden.jar serve} on a free port with a durable store of its own
     * (the default embedded H2 file, every change on disk before it is acknowledged).
     */
    ServerProcess startCachewarden(String label, List<String> extraArgs) throws IOException {
        int port = ServerProcess.freePort();
        Path dataDir = Files.createDirectories(dataDir(label));
        List<String> command = new ArrayList<>();
        command.add(javaCommand);
        command.addAll(options.serverJavaOptions());
        command.addAll(List.of("-jar", options.jar().toString(), "serve", "--bind", "127.0.0.1",
                "--port", Integer.toString(port), "--data-dir", dataDir.toString(), "--transition-delay", "0s"));
        command.addAll(extraArgs);
        return ServerProcess.start("cachewarden (" + label + ")", command,
                Map.of("CACHEWARDEN_ACCESS_KEY_ID", ACCESS_KEY_ID, "CACHEWARDEN_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY),
                port, workDir.resolve(label + ".log"));
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
        return new Target("cachewarden", "127.0.0.1", server.port(), ACCESS_KEY_ID, SECRET_ACCESS_KEY);
    }

    static Target moto(ServerProcess server) {
        return new Target("moto", "127.0.0.1", server.port(), "test", "test");
    }

    /** A signed DescribeUsers: the readiness probe, and the first answer start-up time counts to. */
    static java.util.function.Supplier<byte[]> probe(Target target) {
        QueryRequests requests = new QueryRequests(target);
        return () -> requests.action("DescribeUsers", "MaxRecords", "20");
    }

    Duration awaitReady(ServerProcess server, Target target) throws IOException, InterruptedException {
        return server.awaitFirstAnswer(probe(target), START_TIMEOUT);
    }

    LoadGenerator.Result load(Target target, String operation, int concurrency, LoadGenerator.Workload workload)
            throws InterruptedException {
        return LoadGenerator.run(target.name(), operation, target.host(), target.port(), concurrency, workload,
                options.warmup(), options.measure());
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

    private static String onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    static void log(String message) {
        System.err.printf("[bench %tT] %s%n", System.currentTimeMillis(), message);
    }
}
