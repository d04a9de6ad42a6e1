package dev.cachewarden.durability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One test's cachewarden server as its own process ({@link ServerProcess}), and the cleanup after it.
 * Registered with {@code @RegisterExtension}, it gives every test a fresh temporary work dir (the
 * server's working and temporary directory, {@code data/} in it the data dir) and holds the server the
 * test starts. After the test, passed or failed, it closes the server and stops by PID every process
 * still running in the work dir: the nodes outlive a server that stopped or was killed with SIGKILL,
 * and the next test must not inherit them.
 */
public final class ServerProcessExtension implements BeforeEachCallback, AfterEachCallback {
    private static final Duration TERMINATE_TIMEOUT = Duration.ofSeconds(30);
    private static final long STOP_TIMEOUT_MILLIS = 10_000;

    private final List<String> options;
    private Path work;
    private ServerProcess server;

    private ServerProcessExtension(List<String> options) {
        this.options = options;
    }

    /** Every start passes {@code --data-dir <work>/data}, then these options, then the start's own. */
    public static ServerProcessExtension withOptions(String... options) {
        return new ServerProcessExtension(List.of(options));
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        // Real path: the nodes' working directories, read from /proc, are compared with it.
        work = Files.createTempDirectory("cachewarden-it-").toRealPath();
    }

    public Path work() {
        if (work == null) {
            throw new IllegalStateException("no test running: register the extension with @RegisterExtension");
        }
        return work;
    }

    public Path data() {
        return work().resolve("data");
    }

    /** Starts the server with the options, then {@code more}, and returns once it listens; one at a time. */
    public ServerProcess start(String... more) throws IOException {
        if (server != null) {
            throw new IllegalStateException("a server runs already: kill or terminate it first");
        }
        List<String> all = new ArrayList<>(List.of("--data-dir", data().toString()));
        all.addAll(options);
        all.addAll(List.of(more));
        server = ServerProcess.start(work(), all.toArray(String[]::new));
        return server;
    }

    /** The server running now. */
    public ServerProcess server() {
        if (server == null) {
            throw new IllegalStateException("no server runs: start it first");
        }
        return server;
    }

    /** SIGKILL, as a crash; returns once the process is gone (its nodes are not). */
    public void kill() throws InterruptedException {
        ServerProcess killed = release();
        killed.kill();
        killed.close();
    }

    /** SIGTERM; the exit status, or null when it still ran after 30 s (then it is killed). */
    public Integer terminate() throws InterruptedException {
        ServerProcess stopped = release();
        try {
            return stopped.terminate(TERMINATE_TIMEOUT);
        } finally {
            stopped.close();
        }
    }

    private ServerProcess release() {
        ServerProcess held = server();
        server = null;
        return held;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        // Every step runs even when one before it fails: a server that would not die leaves nodes all the same.
        List<Exception> failures = new ArrayList<>();
        if (server != null) {
            try {
                release().close();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        if (work != null) {
            try {
                stopProcessesIn(work);
                delete(work);
            } catch (Exception e) {
                failures.add(e);
            }
            work = null;
        }
        if (!failures.isEmpty()) {
            Exception first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    /**
     * SIGKILL to every process whose working directory is {@code dir} or below it: the nodes (each runs in
     * its node directory, an in-memory run's too, as the server's temporary directory is the work dir) and
     * the children they fork. Chosen by working directory, so no other test's process and no reused PID is hit.
     */
    private static void stopProcessesIn(Path dir) throws InterruptedException {
        List<ProcessHandle> running = ProcessHandle.allProcesses().filter(p -> runsIn(p.pid(), dir)).toList();
        running.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_TIMEOUT_MILLIS);
        for (ProcessHandle p : running) {
            while (runsIn(p.pid(), dir)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("process " + p.pid() + " in " + dir + " survived SIGKILL");
                }
                Thread.sleep(20);
            }
        }
    }

    /** False once the process has exited, a zombie included: it has no working directory any more. */
    private static boolean runsIn(long pid, Path dir) {
        if (pid == ProcessHandle.current().pid()) {
            return false;
        }
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd")).startsWith(dir);
        } catch (IOException | SecurityException e) {
            return false; // gone, or another user's
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
