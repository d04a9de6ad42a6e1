package dev.cachewarden.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, watches and stops the redis-server processes of managed nodes, one directory each under
 * {@code nodesRoot}. A node that exits while it should run is restarted with the same configuration
 * (ports stay, {@code default} off until its ACL is re-applied) and reported to {@code restarted}.
 * Processes are stopped by PID; a JVM shutdown hook stops any still running when the JVM exits.
 */
public final class NodeSupervisor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeSupervisor.class);
    private static final long WATCH_MILLIS = 200;
    private static final long READY_TIMEOUT_MILLIS = 10_000;

    private final Supplier<EngineBinary> binary;
    private final Path nodesRoot;
    private final AdminCredentials admin;
    private final Supplier<CertificateAuthority> ca;
    private final Consumer<String> restarted;
    private final Map<String, Running> nodes = new ConcurrentHashMap<>();
    private final Thread watcher;
    private final Thread exitHook;
    private volatile boolean open = true;

    private static final class Running {
        final NodeSpec spec;
        volatile Process process;
        volatile long nextAttemptMillis;
        volatile int failures;

        Running(NodeSpec spec, Process process) {
            this.spec = spec;
            this.process = process;
        }
    }

    /**
     * @param binary finds the engine binary; throws {@link IllegalStateException} naming what to install
     * @param restarted told the cache cluster id of a node that was restarted after it died
     */
    public NodeSupervisor(Supplier<EngineBinary> binary, Path nodesRoot, AdminCredentials admin,
                          Supplier<CertificateAuthority> ca, Consumer<String> restarted) {
        this.binary = binary;
        this.nodesRoot = nodesRoot;
        this.admin = admin;
        this.ca = ca;
        this.restarted = restarted;
        this.watcher = Thread.ofPlatform().name("node-supervisor").daemon().unstarted(this::watch);
        this.exitHook = new Thread(this::killAll, "node-supervisor-exit");
        Runtime.getRuntime().addShutdownHook(exitHook);
        watcher.start();
    }

    /** Starts the node unless it already runs with this spec; returns once it accepts connections. */
    public void ensureRunning(NodeSpec spec) {
        synchronized (this) {
            Running current = nodes.get(spec.cacheClusterId());
            if (current != null && current.spec.equals(spec) && current.process.isAlive()) {
                return;
            }
            if (current != null) {
                stopProcess(current.process);
            }
            Process process = launch(spec);
            nodes.put(spec.cacheClusterId(), new Running(spec, process));
        }
    }

    public boolean isRunning(String cacheClusterId) {
        Running r = nodes.get(cacheClusterId);
        return r != null && r.process.isAlive();
    }

    /** The PID of a running node, for operators and tests. */
    public Optional<Long> pid(String cacheClusterId) {
        Running r = nodes.get(cacheClusterId);
        return r == null || !r.process.isAlive() ? Optional.empty() : Optional.of(r.process.pid());
    }

    /** Stops the node's process and, when {@code deleteFiles}, removes its directory. */
    public void stop(String cacheClusterId, boolean deleteFiles) {
        Running r;
        synchronized (this) {
            r = nodes.remove(cacheClusterId);
        }
        if (r != null) {
            stopProcess(r.process);
            log.info("stopped node {} (pid {})", cacheClusterId, r.process.pid());
        } else {
            killOrphan(nodeDir(cacheClusterId));
        }
        if (deleteFiles) {
            deleteTree(nodeDir(cacheClusterId));
        }
    }

    public List<String> running() {
        return List.copyOf(nodes.keySet());
    }

    Path nodeDir(String cacheClusterId) {
        return nodesRoot.resolve(cacheClusterId);
    }

    private Process launch(NodeSpec spec) {
        EngineBinary engine = binary.get();
        Path dir = nodeDir(spec.cacheClusterId());
        try {
            Files.createDirectories(dir);
            killOrphan(dir);
            Path conf = dir.resolve("node.conf");
            writeSecret(conf, config(spec, dir));
            Files.deleteIfExists(dir.resolve("redis.log"));
            Process process = new ProcessBuilder(engine.path().toString(), conf.toString())
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile())
                    .start();
            awaitReady(spec, process, dir);
            log.info("started node {} on 127.0.0.1:{}{} (pid {}, {} {})", spec.cacheClusterId(), spec.port(),
                    spec.tls() ? " tls" : "", process.pid(), engine.path(), engine.version());
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node " + spec.cacheClusterId(), e);
        }
    }

    private String config(NodeSpec spec, Path dir) {
        StringBuilder c = new StringBuilder();
        c.append("# Written by cachewarden; rewritten at every start.\n");
        c.append("bind 127.0.0.1\n");
        c.append("protected-mode no\n");
        c.append("daemonize no\n");
        c.append("dir \"").append(dir.toAbsolutePath()).append("\"\n");
        c.append("pidfile \"").append(dir.toAbsolutePath().resolve("redis.pid")).append("\"\n");
        c.append("logfile \"").append(dir.toAbsolutePath().resolve("redis.log")).append("\"\n");
        c.append("save \"\"\nappendonly no\n");
        // ElastiCache's default for acl-pubsub-default, so access strings without & rules allow all channels.
        c.append("acl-pubsub-default allchannels\n");
        c.append("user ").append(AdminCredentials.USER_NAME).append(" on #").append(admin.hash().sha256Hex())
                .append(" ~* &* +@all\n");
        // Nobody gets in as default until cachewarden has applied the cache's ACL.
        c.append("user default off resetpass -@all\n");
        if (spec.tls()) {
            CertificateAuthority.NodeCertificate cert = ca.get().nodeCertificate(dir, spec.cacheClusterId());
            c.append("port 0\n");
            c.append("tls-port ").append(spec.port()).append('\n');
            c.append("tls-cert-file \"").append(cert.certificate()).append("\"\n");
            c.append("tls-key-file \"").append(cert.key()).append("\"\n");
            c.append("tls-ca-cert-file \"").append(cert.caCertificate()).append("\"\n");
            c.append("tls-auth-clients no\n");
            c.append("tls-replication yes\n");
        } else {
            c.append("port ").append(spec.port()).append('\n');
        }
        if (spec.primaryPort() != null) {
            c.append("replicaof 127.0.0.1 ").append(spec.primaryPort()).append('\n');
            c.append("masteruser ").append(AdminCredentials.USER_NAME).append('\n');
            c.append("masterauth \"").append(admin.password()).append("\"\n");
            c.append("replica-read-only yes\n");
        }
        return c.toString();
    }

    private static void awaitReady(NodeSpec spec, Process process, Path dir) {
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("node " + spec.cacheClusterId() + " exited at start (code "
                        + process.exitValue() + "): " + logTail(dir));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", spec.port()), 200);
                return;
            } catch (IOException notYet) {
                sleep(25);
            }
        }
        stopProcess(process);
        throw new IllegalStateException("node " + spec.cacheClusterId() + " did not accept connections on port "
                + spec.port() + " within " + READY_TIMEOUT_MILLIS + " ms: " + logTail(dir));
    }

    private static String logTail(Path dir) {
        for (String name : new String[] {"redis.log", "stdout.log"}) {
            try {
                List<String> lines = Files.readAllLines(dir.resolve(name), StandardCharsets.UTF_8);
                if (!lines.isEmpty()) {
                    return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
                }
            } catch (IOException ignored) {
                // try the next log
            }
        }
        return "(no log)";
    }

    /** A node left running by a cachewarden that was killed: stopped by the PID in its pidfile. */
    private static void killOrphan(Path dir) {
        Path pidFile = dir.resolve("redis.pid");
        try {
            if (!Files.exists(pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            if (handle.isPresent() && handle.get().isAlive() && handle.get().info().command()
                    .map(c -> c.contains("redis") || c.contains("valkey")).orElse(false)) {
                log.info("stopping node process {} left from an earlier run ({})", pid, dir);
                handle.get().destroy();
                handle.get().onExit().get(5, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(pidFile);
        } catch (Exception e) {
            log.warn("could not clear the old node process of {}: {}", dir, e.toString());
        }
    }

    private void watch() {
        while (open) {
            sleep(WATCH_MILLIS);
            for (Running r : nodes.values()) {
                if (!open || r.process.isAlive() || System.currentTimeMillis() < r.nextAttemptMillis) {
                    continue;
                }
                restart(r);
            }
        }
    }

    private void restart(Running r) {
        String id = r.spec.cacheClusterId();
        synchronized (this) {
            if (nodes.get(id) != r || r.process.isAlive() || !open) {
                return;
            }
            log.warn("node {} exited (code {}); restarting it", id, r.process.exitValue());
            try {
                r.process = launch(r.spec);
                r.failures = 0;
            } catch (RuntimeException e) {
                r.failures++;
                r.nextAttemptMillis = System.currentTimeMillis() + Math.min(30_000, 250L << Math.min(r.failures, 7));
                log.warn("restart of node {} failed (attempt {}): {}", id, r.failures, e.getMessage());
                return;
            }
        }
        restarted.accept(id);
    }

    private static void stopProcess(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void killAll() {
        open = false;
        for (Running r : nodes.values()) {
            r.process.destroyForcibly();
        }
    }

    /** Stops every node this supervisor runs (their files stay, so they start again next time). */
    @Override
    public void close() {
        open = false;
        watcher.interrupt();
        for (String id : List.copyOf(nodes.keySet())) {
            stop(id, false);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(exitHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private static void writeSecret(Path file, String text) throws IOException {
        dev.cachewarden.secrets.SecretFiles.write(file, text);
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("could not delete {}: {}", dir, e.toString());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
