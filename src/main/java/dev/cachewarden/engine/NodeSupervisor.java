package dev.cachewarden.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, watches and stops the redis-server processes of managed nodes, one private directory each
 * under {@code nodesRoot}. A node listens where no client can reach it: a unix socket in its directory
 * (mode 0700), which the front relays clients to, and a loopback TLS port that admits only holders of
 * a certificate signed by cachewarden's CA (replicas, and cachewarden's management connection).
 * A node that exits while it should run is restarted with the same configuration (socket and ports
 * stay, {@code default} off until its ACL is re-applied) and reported to {@code restarted}.
 * Processes are stopped by PID; a JVM shutdown hook stops any still running when the JVM exits.
 * Each node has its own lock: starting or waiting for one node never holds up another, nor the watcher.
 */
public final class NodeSupervisor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeSupervisor.class);
    private static final long WATCH_MILLIS = 200;
    private static final long READY_TIMEOUT_MILLIS = 10_000;
    /** sun_path holds 108 bytes; a longer socket path goes to a short private directory instead. */
    private static final int MAX_SOCKET_PATH = 100;

    private final Supplier<EngineBinary> binary;
    private final Path nodesRoot;
    private final AdminCredentials admin;
    private final Supplier<CertificateAuthority> ca;
    private final Consumer<String> restarted;
    private final Supplier<Collection<Integer>> reservedPorts;
    private final Map<String, Running> nodes = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    /** Each node's private TLS port, kept while this supervisor lives so that replicas find their primary again. */
    private final Map<String, Integer> internalPorts = new ConcurrentHashMap<>();
    /** Asked before a dead node is restarted; false holds it back (a replica is being promoted in its place). */
    private volatile java.util.function.Predicate<String> restartGate = id -> true;
    private Thread watcher;
    private Thread exitHook;
    private Path shortSocketDir;
    private volatile boolean open = true;

    private static final class Running {
        /** Changed in place when a failover gives the running node another role (see {@link #respec}). */
        volatile NodeSpec spec;
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
     * @param reservedPorts ports a node's private port must not take (the published ports of stored nodes)
     */
    public NodeSupervisor(Supplier<EngineBinary> binary, Path nodesRoot, AdminCredentials admin,
                          Supplier<CertificateAuthority> ca, Consumer<String> restarted,
                          Supplier<Collection<Integer>> reservedPorts) {
        this.binary = binary;
        this.nodesRoot = nodesRoot;
        this.admin = admin;
        this.ca = ca;
        this.restarted = restarted;
        this.reservedPorts = reservedPorts;
    }

    /** Starts the watcher that restarts nodes which died, and the hook that stops them when the JVM exits. */
    public synchronized void start() {
        if (watcher != null || !open) {
            return;
        }
        exitHook = new Thread(this::killAll, "node-supervisor-exit");
        Runtime.getRuntime().addShutdownHook(exitHook);
        watcher = Thread.ofPlatform().name("node-supervisor").daemon().start(this::watch);
    }

    /** Starts the node unless it already runs with this spec; returns once it accepts connections. */
    public void ensureRunning(NodeSpec spec) {
        String id = spec.cacheClusterId();
        ReentrantLock lock = lock(id);
        lock.lock();
        try {
            Running current = nodes.get(id);
            if (current != null && current.spec.equals(spec) && current.process.isAlive()) {
                return;
            }
            if (current != null) {
                stopProcess(current.process);
            }
            Process process = launch(spec);
            nodes.put(id, new Running(spec, process));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sets what is asked before a node that died is restarted (the failover's hook: the node's death is
     * told by this call, and a primary whose replica is being promoted is held back until it may return
     * as a replica).
     */
    public void restartGate(java.util.function.Predicate<String> gate) {
        this.restartGate = gate;
    }

    /**
     * Records that a node now serves as {@code spec} says, its role having been changed by command
     * (REPLICAOF): it is not restarted for the difference, and a later restart starts it so.
     */
    public void respec(NodeSpec spec) {
        ReentrantLock lock = lock(spec.cacheClusterId());
        lock.lock();
        try {
            Running r = nodes.get(spec.cacheClusterId());
            if (r != null) {
                r.spec = spec;
            }
        } finally {
            lock.unlock();
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
        ReentrantLock lock = lock(cacheClusterId);
        lock.lock();
        try {
            Running r = nodes.remove(cacheClusterId);
            if (r != null) {
                stopProcess(r.process);
                log.info("stopped node {} (pid {})", cacheClusterId, r.process.pid());
            } else {
                killOrphan(nodeDir(cacheClusterId));
            }
            if (deleteFiles) {
                deleteTree(nodeDir(cacheClusterId));
                internalPorts.remove(cacheClusterId);
                Path socket = socketPath(cacheClusterId);
                try {
                    Files.deleteIfExists(socket);
                } catch (IOException ignored) {
                    // the directory is private; a stale socket there harms nobody
                }
            }
        } finally {
            lock.unlock();
        }
    }

    public List<String> running() {
        return List.copyOf(nodes.keySet());
    }

    /** Where cachewarden manages the node: its private TLS port, with cachewarden's client certificate. */
    public NodeAddress managementAddress(String cacheClusterId) {
        return new NodeAddress(cacheClusterId, "127.0.0.1", internalPort(cacheClusterId), true);
    }

    /** The unix socket the node listens on, which only this user can open (the front's upstream). */
    public Path socketPath(String cacheClusterId) {
        Path inDir = nodeDir(cacheClusterId).toAbsolutePath().resolve("redis.sock");
        if (inDir.toString().length() <= MAX_SOCKET_PATH) {
            return inDir;
        }
        return shortSocketDir().resolve(Integer.toHexString(cacheClusterId.hashCode()) + "-"
                + cacheClusterId.substring(0, Math.min(cacheClusterId.length(), 40)) + ".sock");
    }

    /** The certificate the node, and the front for it, present (created once per node). */
    public CertificateAuthority.NodeCertificate certificate(String cacheClusterId) {
        return ca.get().nodeCertificate(nodeDir(cacheClusterId), cacheClusterId);
    }

    /** The node's private TLS port: chosen once, kept across restarts of the node. */
    public int internalPort(String cacheClusterId) {
        return internalPorts.computeIfAbsent(cacheClusterId, id -> Ports.free(reservedPorts.get()));
    }

    /** Every private port chosen so far. */
    public Collection<Integer> internalPorts() {
        return List.copyOf(internalPorts.values());
    }

    Path nodeDir(String cacheClusterId) {
        return nodesRoot.resolve(cacheClusterId);
    }

    private ReentrantLock lock(String cacheClusterId) {
        return locks.computeIfAbsent(cacheClusterId, k -> new ReentrantLock());
    }

    private synchronized Path shortSocketDir() {
        if (shortSocketDir == null) {
            try {
                shortSocketDir = Files.createTempDirectory(Path.of("/tmp"), "cw-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a private directory for node sockets", e);
            }
        }
        return shortSocketDir;
    }

    private Process launch(NodeSpec spec) {
        EngineBinary engine = binary.get();
        Path dir = nodeDir(spec.cacheClusterId());
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            killOrphan(dir);
            Path socket = socketPath(spec.cacheClusterId());
            Files.deleteIfExists(socket);
            Path conf = dir.resolve("node.conf");
            writeSecret(conf, config(spec, dir, socket));
            Files.deleteIfExists(dir.resolve("redis.log"));
            Process process = new ProcessBuilder(engine.path().toString(), conf.toString())
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile())
                    .start();
            awaitReady(spec, process, dir, socket, internalPort(spec.cacheClusterId()));
            log.info("started node {} on {} and private tls port {} (pid {}, {} {})", spec.cacheClusterId(), socket,
                    internalPort(spec.cacheClusterId()), process.pid(), engine.path(), engine.version());
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node " + spec.cacheClusterId(), e);
        }
    }

    private String config(NodeSpec spec, Path dir, Path socket) {
        Integer primaryPort = spec.primaryId() == null ? null : internalPort(spec.primaryId());
        return NodeConfig.of(dir, socket, internalPort(spec.cacheClusterId()), certificate(spec.cacheClusterId()),
                admin, primaryPort);
    }

    private static void awaitReady(NodeSpec spec, Process process, Path dir, Path socket, int tlsPort) {
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("node " + spec.cacheClusterId() + " exited at start (code "
                        + process.exitValue() + "): " + logTail(dir));
            }
            try (SocketChannel s = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                return;
            } catch (IOException notYet) {
                sleep(25);
            }
        }
        stopProcess(process);
        throw new IllegalStateException("node " + spec.cacheClusterId() + " did not accept connections on "
                + socket + " within " + READY_TIMEOUT_MILLIS + " ms: " + logTail(dir));
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
                if (gateOpen(r.spec.cacheClusterId())) {
                    restart(r);
                }
            }
        }
    }

    private boolean gateOpen(String id) {
        try {
            return restartGate.test(id);
        } catch (RuntimeException e) {
            log.warn("restart gate failed for node {}; restarting it: {}", id, e.toString());
            return true;
        }
    }

    private void restart(Running r) {
        String id = r.spec.cacheClusterId();
        ReentrantLock lock = lock(id);
        if (!lock.tryLock()) {
            return; // being started or stopped right now; the next round looks again
        }
        try {
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
        } finally {
            lock.unlock();
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
        Thread w;
        Thread hook;
        Path sockets;
        synchronized (this) {
            w = watcher;
            hook = exitHook;
            sockets = shortSocketDir;
        }
        if (w != null) {
            w.interrupt();
        }
        for (String id : List.copyOf(nodes.keySet())) {
            stop(id, false);
        }
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
        if (sockets != null) {
            deleteTree(sockets);
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
