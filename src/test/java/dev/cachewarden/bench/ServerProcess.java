package dev.cachewarden.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A server the benchmark starts as its own process on a free loopback port and stops by PID
 * (SIGTERM, then SIGKILL after a grace period), with its output in a log file.
 */
final class ServerProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final long startedNanos;
    private final Path log;
    private final Path portFile;
    private int port;
    private Runnable afterClose = () -> { };

    /** glibc's malloc arenas: bin/cachewarden sets 2, and the benchmark measures what it runs. */
    private static final String MALLOC_ARENAS = "MALLOC_ARENA_MAX";

    private ServerProcess(String name, Process process, int port, Path portFile, long startedNanos, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.portFile = portFile;
        this.startedNanos = startedNanos;
        this.log = log;
    }

    /** Where its output goes (stdout and stderr together). */
    Path log() {
        return log;
    }

    /** A server told which port to listen on. */
    static ServerProcess start(String name, List<String> command, Map<String, String> env, int port, Path log)
            throws IOException {
        return start(name, command, env, port, null, log);
    }

    /** A server that picks its own port and writes it to {@code portFile} once listening. */
    static ServerProcess startWithPortFile(String name, List<String> command, Map<String, String> env,
                                           Path portFile, Path log) throws IOException {
        java.util.Map<String, String> withArenas = new java.util.HashMap<>(env);
        withArenas.putIfAbsent(MALLOC_ARENAS, System.getenv().getOrDefault(MALLOC_ARENAS, "2")); // as bin/cachewarden
        return start(name, AotCache.withCache(command), withArenas, 0, portFile, log);
    }

    private static ServerProcess start(String name, List<String> command, Map<String, String> env, int port,
                                       Path portFile, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(env);
        long started = System.nanoTime();
        Process process = builder.start();
        return new ServerProcess(name, process, port, portFile, started, log);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /** Runs {@code cleanUp} once {@link #close} has stopped the process (what it may have left behind). */
    ServerProcess afterClose(Runnable cleanUp) {
        this.afterClose = cleanUp;
        return this;
    }

    /** The port; for a server writing a port file, known once {@link #awaitFirstAnswer} has returned. */
    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /**
     * Polls with {@code probe} until an answer with status 200 arrives.
     *
     * @return the time from process start to that answer
     */
    Duration awaitFirstAnswer(Function<Integer, byte[]> probe, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + " before answering; see " + log
                        + ":\n" + tail());
            }
            if (port == 0) {
                port = readPortFile();
                if (port == 0) {
                    Thread.sleep(5);
                    continue;
                }
            }
            try (HttpConnection connection = new HttpConnection("127.0.0.1", port)) {
                HttpConnection.Response response = connection.exchange(probe.apply(port));
                long answered = System.nanoTime();
                if (response.status() == 200) {
                    return Duration.ofNanos(answered - startedNanos);
                }
                last = "HTTP " + response.status() + " " + response.text();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(5);
        }
        throw new IOException(name + " did not answer within " + timeout + " (" + last + "); see " + log + ":\n"
                + tail());
    }

    private int readPortFile() {
        try {
            String text = Files.readString(portFile).trim();
            return text.isEmpty() ? 0 : Integer.parseInt(text);
        } catch (IOException | NumberFormatException e) {
            return 0; // not written yet
        }
    }

    /** Resident memory of the process, from /proc/PID/status VmRSS, in MiB. */
    double rssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        throw new IOException("no VmRSS for " + pid());
    }

    /**
     * Asks the JVM for a full collection ({@code jcmd PID GC.run}, from the JDK beside {@code java}),
     * so the RSS read next shows what the live data needs rather than how far the heap had grown.
     *
     * @return false when there is no jcmd
     */
    boolean collectGarbage(String javaCommand) throws IOException, InterruptedException {
        Path jcmd = Path.of(javaCommand).resolveSibling("jcmd");
        if (!Files.isExecutable(jcmd)) {
            return false;
        }
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** SIGTERM to the process (and what it started), SIGKILL what is left after 10 s. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        afterClose.run();
    }
}
