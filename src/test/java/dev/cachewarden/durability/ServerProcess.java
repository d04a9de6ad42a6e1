package dev.cachewarden.durability;

import static org.awaitility.Awaitility.await;

import dev.cachewarden.e2e.Sdk;
import dev.cachewarden.junit.Cachewarden;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;

/**
 * The server as its own JVM process (this test's classpath and JDK, main class {@code Main}), so a
 * test can kill it with SIGKILL or stop it with SIGTERM exactly as an operator would.
 */
public final class ServerProcess implements AutoCloseable {
    private static final AtomicInteger STARTS = new AtomicInteger();

    private final Process process;
    private final Path log;
    private final int port;
    private final ElastiCacheClient client;

    private ServerProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.client = Sdk.client(endpoint());
    }

    /** Starts {@code serve --port 0} with the given options and waits until it listens. */
    public static ServerProcess start(Path workDir, String... options) throws IOException {
        int n = STARTS.incrementAndGet();
        Path portFile = workDir.resolve("port-" + n);
        Path log = workDir.resolve("server-" + n + ".log");
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"),
                "-XX:TieredStopAtLevel=1",
                // Temporary files (an in-memory run's nodes among them) in the work dir too, where a test's
                // cleanup finds them.
                "-Djava.io.tmpdir=" + workDir.toAbsolutePath(),
                "dev.cachewarden.server.Main", "serve", "--port", "0", "--port-file", portFile.toString()));
        command.addAll(List.of(options));
        // Run in the work dir, so a default (relative) data dir never lands in the checkout.
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // Only the options given here count, not whatever CACHEWARDEN_* the test's environment carries.
        builder.environment().keySet().removeIf(k -> k.startsWith("CACHEWARDEN_"));
        builder.environment().put("CACHEWARDEN_ACCESS_KEY_ID", Cachewarden.DEFAULT_ACCESS_KEY_ID);
        builder.environment().put("CACHEWARDEN_SECRET_ACCESS_KEY", Cachewarden.DEFAULT_SECRET_ACCESS_KEY);
        Process process = builder.start();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("server exited with " + process.exitValue() + ":\n"
                            + Files.readString(log));
                }
                return Files.exists(portFile);
            });
            return new ServerProcess(process, log, Integer.parseInt(Files.readString(portFile).trim()));
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public ElastiCacheClient client() {
        return client;
    }

    public long pid() {
        return process.pid();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** SIGKILL: no shutdown hook, no flush, nothing; returns once the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("process " + process.pid() + " survived SIGKILL");
        }
    }

    /** SIGTERM; returns the exit status, or null when the process is still running after the timeout. */
    public Integer terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    @Override
    public void close() throws InterruptedException {
        client.close();
        if (process.isAlive()) {
            kill();
        }
    }
}
