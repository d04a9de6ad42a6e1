package dev.cachewarden.engine.node;

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
 * each under {@code nodesRoot} (where each node lives, and on which ports: {@link NodeLayout}). A node
 * listens where no client can reach it: a unix socket in its directory (mode 0700), which the front
 * relays clients to, and a loopback TLS port that admits only holders of a certificate signed by
 * cachewarden's CA (replicas, and cachewarden's management connection).
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

    private final AdminCredentials admin;
    private final Consumer<String> restarted;
    private final boolean stopOnExit;
    /** Each node's directory, socket, private ports and certificate. */
    private final NodeLayout layout;
    private final NodeStart starts;
    /** Set on the nodes it starts, and on those it adopts. */
    private final AofFsync fsync;
    private final Map<String, RunningNode> nodes = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    /** Asked before a dead node is restarted; false holds it back (a replica is being promoted in its place). */
    private volatile Predicate<String> restartGate = id -> true;
    /**
     * Nodes of stored caches found dead at adoption: they died while cachewarden was down, so their
     * first start passes the restart gate like any restart would (a dead primary with automatic
     * failover has a replica promoted instead of coming back as the primary).
     */
    private final java.util.Set<String> deadAtStart = ConcurrentHashMap.newKeySet();
    /** Restarts nodes that die; null until {@link #start}. */
    private volatile NodeWatcher watcher;
    private Thread exitHook;
    private volatile boolean open = true;

    /**
     * @param binary finds the engine binary; throws {@link IllegalStateException} naming what to install
     * @param restarted told the cache cluster id of a node that was restarted after it died
     * @param reservedPorts ports a node's private port must not take (the published ports of stored nodes)
     * @param stopOnExit stop every node when this supervisor closes or the JVM exits (in-memory and
     *     throwaway setups); otherwise nodes keep running for the next start to adopt
     * @param fsync when the nodes it starts fsync their append-only file
     */
    public NodeSupervisor(Supplier<EngineBinary> binary, Path nodesRoot, AdminCredentials admin,
                          Supplier<CertificateAuthority> ca, Consumer<String> restarted,
                          Supplier<Collection<Integer>> reservedPorts, boolean stopOnExit, AofFsync fsync) {
        this.admin = admin;
        this.restarted = restarted;
        this.stopOnExit = stopOnExit;
        this.layout = new NodeLayout(nodesRoot, ca, reservedPorts);
        this.starts = new NodeStart(binary, layout, admin, fsync);
        this.fsync = fsync;
        starts.onPortMoved(this::repointReplicas);
    }

    public NodeSupervisor(Supplier<EngineBinary> binary, Path nodesRoot, AdminCredentials admin,
                          Supplier<CertificateAuthority> ca, Consumer<String> restarted,
                          Supplier<Collection<Integer>> reservedPorts) {
        this(binary, nodesRoot, admin, ca, restarted, reservedPorts, true, AofFsync.NO);
    }

    /**
     * Before {@link #start}: adopts the nodes still running from an earlier run whose cache cluster id
     * is in {@code owned}, and stops and removes every node directory whose id is not (its cache was
     * deleted, possibly while cachewarden was down or mid-delete). Adopted nodes get this run's AOF fsync.
     */
    public NodeAdoption.Result adopt(Collection<String> owned) {
        return new NodeAdoption(layout.nodesRoot(), admin, layout.sockets(), fsync).run(owned, (spec, record, process) -> {
            layout.adopted(spec.cacheClusterId(), record.tlsPort());
            if (process != null) {
                nodes.put(spec.cacheClusterId(), new RunningNode(spec, process));
            } else {
                deadAtStart.add(spec.cacheClusterId());
            }
        });
    }

    /** Launches each node with the binary this gives for its id (valkey-server or redis-server). */
    public void nodeBinaries(java.util.function.Function<String, EngineBinary> binaries) {
        starts.nodeBinaries(binaries);
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
        watcher = new NodeWatcher(nodes, this::lock, starts, this::socketPath, admin, this::gateOpen, restarted);
    }

    /** Starts the node unless it already runs with this spec; returns once it has loaded its data. */
    public void ensureRunning(NodeSpec spec) {
        String id = spec.cacheClusterId();
        ReentrantLock lock = lock(id);
        lock.lock();
        try {
            RunningNode current = nodes.get(id);
            if (current != null && current.spec.equals(spec) && alive(id, current)) {
                return;
            }
            if (current != null) {
                unwatchExit(id);
                NodeIdentity.stop(current.process);
            } else if (deadAtStart.contains(id)) {
                if (!gateOpen(id)) {
                    return; // held down: a replica is promoted, then this node returns as its replica
                }
                deadAtStart.remove(id);
            }
            ProcessHandle process = starts.launch(spec);
            nodes.put(id, new RunningNode(spec, process));
            watchExit(id);
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
            RunningNode current = nodes.get(id);
            if (current == null) {
                return;
            }
            current.spec = spec;
            if (alive(id, current)) {
                new NodeRecord(spec, layout.internalPort(id), socketPath(id)).write(layout.nodeDir(id));
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * A primary restarted on a new private port (another process held its old one): its running
     * replicas still dial the old one, which now answers as someone else, so each is told REPLICAOF
     * the new one (a replica started later reads it from the layout). Cluster-mode replicas follow
     * their primary by the cluster bus, not by this.
     */
    private void repointReplicas(String primaryId, int port) {
        for (RunningNode r : nodes.values()) {
            if (!primaryId.equals(r.spec.primaryId()) || r.spec.cluster()) {
                continue;
            }
            String id = r.id();
            Object reply = NodeProbe.exchange(socketPath(id), admin,
                    List.of(List.of("REPLICAOF", dev.cachewarden.domain.CacheNode.LOOPBACK, Integer.toString(port))))
                    .map(replies -> replies.get(0)).orElse("no answer");
            if (reply instanceof String line && line.startsWith("+OK")) {
                log.info("node {} now replicates from {} on its new private port {}", id, primaryId, port);
            } else {
                log.warn("cannot point node {} at {}'s new private port {}: {}", id, primaryId, port, reply);
            }
        }
    }

    public boolean isRunning(String cacheClusterId) {
        RunningNode r = nodes.get(cacheClusterId);
        return r != null && alive(cacheClusterId, r);
    }

    /** The spec a running node runs with (as its {@link NodeRecord} says, kept in memory). */
    public Optional<NodeSpec> runningSpec(String cacheClusterId) {
        RunningNode r = nodes.get(cacheClusterId);
        return r == null || !alive(cacheClusterId, r) ? Optional.empty() : Optional.of(r.spec);
    }

    /** The PID of a running node, for operators and tests. */
    public Optional<Long> pid(String cacheClusterId) {
        RunningNode r = nodes.get(cacheClusterId);
        return r == null || !alive(cacheClusterId, r) ? Optional.empty() : Optional.of(r.process.pid());
    }

    /**
     * Whether the node's process runs. While its exit watch is open it does: the kernel closes a dead
     * process's sockets before it is a zombie, and the watch ends the moment it reads that. Otherwise
     * /proc says. The reconciler's pass and the primary watch asked /proc several times per node per
     * pass (a fifth of the pass's CPU at 200 nodes, docs/bench.md). Restart decisions still read /proc
     * ({@link NodeWatcher}): a forked child (an AOF rewrite) may hold a dead node's connection open.
     */
    private boolean alive(String cacheClusterId, RunningNode r) {
        NodeWatcher w = watcher;
        return w != null && w.watching(cacheClusterId) || NodeIdentity.running(r.process);
    }

    /** Stops the node's process (or one of ours found in its directory) and, when {@code deleteFiles}, removes its directory. */
    public void stop(String cacheClusterId, boolean deleteFiles) {
        ReentrantLock lock = lock(cacheClusterId);
        lock.lock();
        try {
            deadAtStart.remove(cacheClusterId);
            RunningNode r = nodes.remove(cacheClusterId);
            unwatchExit(cacheClusterId);
            if (r != null) {
                NodeIdentity.stop(r.process);
                log.info("stopped node {} (pid {})", cacheClusterId, r.process.pid());
            } else {
                starts.stopLeftover(cacheClusterId);
            }
            if (deleteFiles) {
                Path socket = socketPath(cacheClusterId);
                NodeSockets.deleteTree(layout.nodeDir(cacheClusterId));
                layout.forget(cacheClusterId);
                layout.sockets().delete(socket);
            }
        } finally {
            lock.unlock();
        }
    }

    public List<String> running() {
        return List.copyOf(nodes.keySet());
    }

    /** Where each node lives: its directory, socket, private ports and certificate. */
    public NodeLayout layout() {
        return layout;
    }

    /** Where cachewarden manages the node: its private TLS port, with cachewarden's client certificate. */
    public NodeAddress managementAddress(String cacheClusterId) {
        return layout.managementAddress(cacheClusterId);
    }

    /** The unix socket the node listens on, which only this user can open (the front's upstream). */
    public Path socketPath(String cacheClusterId) {
        return layout.socketPath(cacheClusterId);
    }

    /** Every private port chosen so far, which published ports must avoid. */
    public Collection<Integer> internalPorts() {
        return layout.internalPorts();
    }

    /** The management user's credentials (MIGRATE authenticates to the target node with them). */
    public AdminCredentials admin() {
        return admin;
    }

    private ReentrantLock lock(String cacheClusterId) {
        return locks.computeIfAbsent(cacheClusterId, k -> new ReentrantLock());
    }

    private void watchExit(String cacheClusterId) {
        NodeWatcher w = watcher;
        if (w != null && open) {
            w.watchExit(cacheClusterId);
        }
    }

    private void unwatchExit(String cacheClusterId) {
        NodeWatcher w = watcher;
        if (w != null) {
            w.unwatchExit(cacheClusterId);
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

    private void killAll() {
        open = false;
        NodeWatcher w = watcher;
        if (w != null) {
            w.close(); // no restart races the exit
        }
        for (RunningNode r : nodes.values()) {
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
        NodeWatcher w;
        Thread hook;
        synchronized (this) {
            w = watcher;
            hook = exitHook;
        }
        if (w != null) {
            w.close();
        }
        if (stopOnExit) {
            for (String id : List.copyOf(nodes.keySet())) {
                stop(id, false);
            }
            layout.sockets().close();
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
}
