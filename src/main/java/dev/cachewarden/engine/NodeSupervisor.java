package dev.cachewarden.engine;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, watches, adopts and stops the redis-server processes of managed nodes, one private directory
 * each under {@code nodesRoot}. A node listens where no client can reach it: a unix socket in its
 * directory (mode 0700), which the front relays clients to, and a loopback TLS port that admits only
 * holders of a certificate signed by cachewarden's CA (replicas, and cachewarden's management connection).
 * <p>
 * Nodes run detached ({@link NodeLauncher}) and outlive cachewarden unless {@code stopOnExit}: the next
 * start adopts them ({@link NodeAdoption}) and stops those whose cache is gone. A node that exits
 * while it should run is restarted with the same configuration and its data reloaded first (a primary
 * first passes the restart gate: failover may hold it down), then reported to {@code restarted}. Processes
 * are only ever signalled once {@link NodeIdentity} has confirmed they are ours. Each node has its own
 * lock: starting or waiting for one node never holds up another, nor the watcher.
 */
public final class NodeSupervisor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeSupervisor.class);
    private static final long WATCH_MILLIS = 200;

    private final Supplier<EngineBinary> binary;
    /** Each node's own binary (see {@link NodeEngines}); null: {@link #binary} for every node. */
    private volatile java.util.function.Function<String, EngineBinary> nodeBinaries;
    private final Path nodesRoot;
    private final AdminCredentials admin;
    private final Supplier<CertificateAuthority> ca;
    private final Consumer<String> restarted;
    private final Supplier<Collection<Integer>> reservedPorts;
    private final boolean stopOnExit;
    private final NodeSockets sockets;
    private final Map<String, Running> nodes = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    /** Each node's private TLS port: chosen once, recorded in its directory, so replicas find their primary again. */
    private final Map<String, Integer> internalPorts = new ConcurrentHashMap<>();
    private final ClusterBusPorts busPorts = new ClusterBusPorts();
    /** Asked before a dead node is restarted; false holds it back (a replica is being promoted in its place). */
    private volatile Predicate<String> restartGate = id -> true;
    /**
     * Nodes of stored caches found dead at adoption: they died while cachewarden was down, so their
     * first start passes the restart gate like any restart would (a dead primary with automatic
     * failover has a replica promoted instead of coming back as the primary).
     */
    private final java.util.Set<String> deadAtStart = ConcurrentHashMap.newKeySet();
    private Thread watcher;
    private Thread exitHook;
    private volatile boolean open = true;

    /** A node this supervisor runs or adopted; {@code process} is replaced when it is restarted. */
    private static final class Running {
        /** Changed in place when a failover gives the node another role (see {@link #runsAs}). */
        volatile NodeSpec spec;
        volatile ProcessHandle process;
        volatile long nextAttemptMillis;
        volatile int failures;

        Running(NodeSpec spec, ProcessHandle process) {
            this.spec = spec;
            this.process = process;
        }
    }

    /**
     * @param binary finds the engine binary; throws {@link IllegalStateException} naming what to install
     * @param restarted told the cache cluster id of a node that was restarted after it died
     * @param reservedPorts ports a node's private port must not take (the published ports of stored nodes)
     * @param stopOnExit stop every node when this supervisor closes or the JVM exits (in-memory and
     *     throwaway setups); otherwise nodes keep running for the next start to adopt
     */
    public NodeSupervisor(Supplier<EngineBinary> binary, Path nodesRoot, AdminCredentials admin,
                          Supplier<CertificateAuthority> ca, Consumer<String> restarted,
                          Supplier<Collection<Integer>> reservedPorts, boolean stopOnExit) {
        this.binary = binary;
        this.nodesRoot = nodesRoot;
        this.admin = admin;
        this.ca = ca;
        this.restarted = restarted;
        this.reservedPorts = reservedPorts;
        this.stopOnExit = stopOnExit;
        this.sockets = new NodeSockets(nodesRoot);
    }

    public NodeSupervisor(Supplier<EngineBinary> binary, Path nodesRoot, AdminCredentials admin,
                          Supplier<CertificateAuthority> ca, Consumer<String> restarted,
                          Supplier<Collection<Integer>> reservedPorts) {
        this(binary, nodesRoot, admin, ca, restarted, reservedPorts, true);
    }

    /**
     * Before {@link #start}: adopts the nodes still running from an earlier run whose cache cluster id
     * is in {@code owned}, and stops and removes every node directory whose id is not (its cache was
     * deleted, possibly while cachewarden was down or mid-delete).
     */
    public NodeAdoption.Result adopt(Collection<String> owned) {
        return new NodeAdoption(nodesRoot, admin, sockets).run(owned, (spec, record, process) -> {
            internalPorts.put(spec.cacheClusterId(), record.tlsPort());
            if (process != null) {
                nodes.put(spec.cacheClusterId(), new Running(spec, process));
            } else {
                deadAtStart.add(spec.cacheClusterId());
            }
        });
    }

    /** Launches each node with the binary this gives for its id (valkey-server or redis-server). */
    public void nodeBinaries(java.util.function.Function<String, EngineBinary> binaries) {
        this.nodeBinaries = binaries;
    }

    /** Starts the watcher that restarts nodes which died and, with stopOnExit, the hook that stops them at JVM exit. */
    public synchronized void start() {
        if (watcher != null || !open) {
            return;
        }
        if (stopOnExit) {
            exitHook = new Thread(this::killAll, "node-supervisor-exit");
            Runtime.getRuntime().addShutdownHook(exitHook);
        }
        watcher = Thread.ofPlatform().name("node-supervisor").daemon().start(this::watch);
    }

    /** Starts the node unless it already runs with this spec; returns once it has loaded its data. */
    public void ensureRunning(NodeSpec spec) {
        String id = spec.cacheClusterId();
        ReentrantLock lock = lock(id);
        lock.lock();
        try {
            Running current = nodes.get(id);
            if (current != null && current.spec.equals(spec) && NodeIdentity.running(current.process)) {
                return;
            }
            if (current != null) {
                NodeIdentity.stop(current.process);
            } else if (deadAtStart.contains(id)) {
                if (!gateOpen(id)) {
                    return; // held down: a replica is promoted, then this node returns as its replica
                }
                deadAtStart.remove(id);
            }
            ProcessHandle process = launch(spec);
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
    public void restartGate(Predicate<String> gate) {
        this.restartGate = gate;
    }

    /**
     * The node now serves as {@code spec} says, its role changed by command (REPLICAOF, by failover):
     * recorded, so that ensureRunning with that spec, a restart and the next start's adoption keep it.
     * A node held down (dead while a replica is promoted) only has its spec changed.
     */
    public void runsAs(NodeSpec spec) {
        String id = spec.cacheClusterId();
        ReentrantLock lock = lock(id);
        lock.lock();
        try {
            Running current = nodes.get(id);
            if (current == null) {
                return;
            }
            current.spec = spec;
            if (NodeIdentity.running(current.process)) {
                new NodeRecord(spec, internalPort(id), socketPath(id)).write(nodeDir(id));
            }
        } finally {
            lock.unlock();
        }
    }

    public boolean isRunning(String cacheClusterId) {
        Running r = nodes.get(cacheClusterId);
        return r != null && NodeIdentity.running(r.process);
    }

    /** The PID of a running node, for operators and tests. */
    public Optional<Long> pid(String cacheClusterId) {
        Running r = nodes.get(cacheClusterId);
        return r == null || !NodeIdentity.running(r.process) ? Optional.empty() : Optional.of(r.process.pid());
    }

    /** Stops the node's process (or one of ours found in its directory) and, when {@code deleteFiles}, removes its directory. */
    public void stop(String cacheClusterId, boolean deleteFiles) {
        ReentrantLock lock = lock(cacheClusterId);
        lock.lock();
        try {
            deadAtStart.remove(cacheClusterId);
            Running r = nodes.remove(cacheClusterId);
            if (r != null) {
                NodeIdentity.stop(r.process);
                log.info("stopped node {} (pid {})", cacheClusterId, r.process.pid());
            } else {
                stopLeftover(cacheClusterId);
            }
            if (deleteFiles) {
                Path socket = socketPath(cacheClusterId);
                NodeSockets.deleteTree(nodeDir(cacheClusterId));
                internalPorts.remove(cacheClusterId);
                busPorts.forget(cacheClusterId);
                sockets.delete(socket);
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
        return sockets.path(cacheClusterId);
    }

    /** The certificate the node, and the front for it, present (created once per node). */
    public CertificateAuthority.NodeCertificate certificate(String cacheClusterId) {
        return ca.get().nodeCertificate(nodeDir(cacheClusterId), cacheClusterId);
    }

    /**
     * The certificate the front presents on the addresses of a group made with a Port: one per
     * {@link dev.cachewarden.domain.LoopbackBlock}, naming every address of it (so a node added later is
     * covered), kept beside the nodes' directories and created once (one key pair per group, not per node).
     */
    public CertificateAuthority.NodeCertificate frontCertificate(String host) {
        dev.cachewarden.domain.LoopbackBlock block = dev.cachewarden.domain.LoopbackBlock.of(host)
                .orElseThrow(() -> new IllegalArgumentException("not an address of a group's own: " + host));
        return ca.get().nodeCertificate(nodesRoot.toAbsolutePath().resolveSibling("front-tls").resolve(block.address(0)),
                block.address(0) + "/24", block.addresses());
    }

    /** The node's private TLS port: chosen once, kept across restarts of the node and of cachewarden. */
    public int internalPort(String cacheClusterId) {
        return internalPorts.computeIfAbsent(cacheClusterId, id -> NodeRecord.read(nodeDir(id))
                .map(NodeRecord::tlsPort).orElseGet(() -> Ports.free(reservedPorts.get())));
    }

    /** A cluster-mode node's private cluster bus port, chosen once (see {@link ClusterBusPorts}). */
    public int clusterBusPort(String cacheClusterId) {
        return busPorts.of(cacheClusterId, nodeDir(cacheClusterId), () -> {
            List<Integer> taken = new java.util.ArrayList<>(reservedPorts.get());
            taken.addAll(internalPorts.values());
            return taken;
        });
    }

    /** The management user's credentials (MIGRATE authenticates to the target node with them). */
    AdminCredentials admin() {
        return admin;
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

    private ProcessHandle launch(NodeSpec spec) {
        String id = spec.cacheClusterId();
        stopLeftover(id);
        EngineBinary engine = nodeBinaries == null ? binary.get() : nodeBinaries.apply(id);
        Path dir = nodeDir(id);
        Path socket = socketPath(id);
        int tlsPort = internalPort(id);
        Integer primaryPort = spec.primaryId() == null ? null : internalPort(spec.primaryId());
        NodeConfig.Cluster cluster = spec.cluster() ? new NodeConfig.Cluster(clusterBusPort(id), spec.host(), spec.port()) : null;
        String config = NodeConfig.of(dir, socket, tlsPort, certificate(id), admin, cluster == null ? primaryPort : null,
                cluster);
        ProcessHandle process = NodeLauncher.launch(engine, new NodeRecord(spec, tlsPort, socket), dir, config, admin);
        log.info("started node {} on {} and private tls port {} (pid {}, {} {})", id, socket, tlsPort, process.pid(),
                engine.path(), engine.version());
        return process;
    }

    /** A node of ours still running from its directory though not tracked (an earlier run's): stopped. */
    private void stopLeftover(String cacheClusterId) {
        Path dir = nodeDir(cacheClusterId);
        switch (NodeIdentity.of(dir, socketPath(cacheClusterId), admin)) {
            case NodeIdentity.Answering a -> {
                log.info("stopping node process {} left from an earlier run ({})", a.process().pid(), dir);
                NodeIdentity.stop(a.process());
            }
            case NodeIdentity.Silent s -> {
                log.info("stopping unresponsive node process {} left from an earlier run ({})", s.process().pid(), dir);
                NodeIdentity.stop(s.process());
            }
            case NodeIdentity.Absent a -> { }
        }
    }

    private void watch() {
        while (open) {
            sleep(WATCH_MILLIS);
            for (Running r : nodes.values()) {
                if (!open || NodeIdentity.running(r.process) || System.currentTimeMillis() < r.nextAttemptMillis) {
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
            if (nodes.get(id) != r || NodeIdentity.running(r.process) || !open) {
                return;
            }
            log.warn("node {} exited; restarting it from its append-only file", id);
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

    private void killAll() {
        open = false;
        for (Running r : nodes.values()) {
            r.process.destroyForcibly();
        }
    }

    /**
     * Stops watching. With stopOnExit, also stops every node (their files stay, so they start again
     * next time); otherwise they keep running, detached, for the next start to adopt.
     */
    @Override
    public void close() {
        open = false;
        Thread w;
        Thread hook;
        synchronized (this) {
            w = watcher;
            hook = exitHook;
        }
        if (w != null) {
            w.interrupt();
        }
        if (stopOnExit) {
            for (String id : List.copyOf(nodes.keySet())) {
                stop(id, false);
            }
            sockets.close();
        } else if (!nodes.isEmpty()) {
            log.info("leaving {} node(s) running for the next start to adopt", nodes.size());
        }
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
    }

    static void deleteTree(Path dir) {
        NodeSockets.deleteTree(dir);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
