package dev.cachewarden.engine.node;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts the supervisor's nodes that died. A node's exit is heard at once on its exit watch
 * ({@link NodeExits}); besides, every node is looked at every {@link #SWEEP_MILLIS}, and one found dead
 * or not heard every {@link #WATCH_MILLIS}. A dead node is restarted from its data under its lock,
 * once the restart gate (failover) lets it, with a growing delay after failed attempts.
 */
final class NodeWatcher {
    private static final Logger log = LoggerFactory.getLogger(NodeWatcher.class);
    /** How often a node found dead (awaiting its restart) or not heard by {@link NodeExits} is looked at. */
    static final long WATCH_MILLIS = 200;
    /** How often every node is looked at anyway, besides {@link NodeExits} telling of an exit at once. */
    static final long SWEEP_MILLIS = 2_000;

    private final Map<String, RunningNode> nodes;
    private final Function<String, ReentrantLock> locks;
    private final NodeStart starts;
    private final Function<String, Path> sockets;
    private final Predicate<String> gate;
    private final Consumer<String> restarted;
    private final NodeExits exits;
    /** Nodes whose exit watch connection ended: looked at on the next turn, at once. */
    private final BlockingQueue<String> suspects = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean open = true;

    /**
     * Watches every node of {@code nodes} (the supervisor's map, which it changes as nodes come and go).
     *
     * @param gate asked before a dead node is restarted; false holds it back
     * @param restarted told the id of a node restarted after it died
     */
    NodeWatcher(Map<String, RunningNode> nodes, Function<String, ReentrantLock> locks, NodeStart starts,
                Function<String, Path> sockets, AdminCredentials admin, Predicate<String> gate,
                Consumer<String> restarted) {
        this.nodes = nodes;
        this.locks = locks;
        this.starts = starts;
        this.sockets = sockets;
        this.gate = gate;
        this.restarted = restarted;
        this.exits = new NodeExits(admin, suspects::add);
        nodes.keySet().forEach(this::watchExit);
        this.thread = Thread.ofPlatform().name("node-supervisor").daemon().start(this::watch);
    }

    /** Whether the node's exit watch is open, which means it runs (see {@link NodeSupervisor}'s alive). */
    boolean watching(String cacheClusterId) {
        return exits.watching(cacheClusterId);
    }

    /** Watches the node's exit; if it cannot, the node is looked at (and tried again) from the next turn. */
    void watchExit(String cacheClusterId) {
        if (open && !tryWatch(cacheClusterId)) {
            suspects.add(cacheClusterId);
        }
    }

    void unwatchExit(String cacheClusterId) {
        exits.unwatch(cacheClusterId);
    }

    /** Stops watching and restarting; the nodes are left as they are. */
    void close() {
        open = false;
        thread.interrupt();
        exits.close();
    }

    /** @return whether the node is now watched (else it is looked at every {@link #WATCH_MILLIS}) */
    private boolean tryWatch(String cacheClusterId) {
        return open && exits.watch(cacheClusterId, sockets.apply(cacheClusterId));
    }

    private void watch() {
        long nextSweep = 0;
        long wait = WATCH_MILLIS;
        Set<String> heard = new HashSet<>();
        // Each node's /proc stat file, kept open by this thread alone (a look is then one read).
        Map<String, NodeIdentity.StatFile> stats = new HashMap<>();
        while (open) {
            try {
                String first = suspects.poll(wait, TimeUnit.MILLISECONDS);
                if (first != null) {
                    heard.add(first);
                    suspects.drainTo(heard);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long now = System.currentTimeMillis();
            boolean sweep = now >= nextSweep;
            if (sweep) {
                nextSweep = now + SWEEP_MILLIS;
            }
            boolean again = false; // a node to look at before the next sweep: down, or not heard
            for (RunningNode r : nodes.values()) {
                String id = r.id();
                boolean unheard = !exits.watching(id);
                if (!open || !(sweep || r.down || unheard || heard.contains(id))) {
                    continue;
                }
                if (stat(stats, r).running()) {
                    r.down = false;
                    // Its connection ended while it lives on (CLIENT KILL, a timeout): watched again.
                    again |= unheard && !tryWatch(id);
                    continue;
                }
                r.down = true;
                if (System.currentTimeMillis() >= r.nextAttemptMillis && gate.test(id)) {
                    restart(r);
                }
                again |= r.down;
            }
            heard.clear();
            if (sweep) {
                stats.entrySet().removeIf(e -> !nodes.containsKey(e.getKey()) && closed(e.getValue()));
            }
            // Idle until the next sweep unless a node needs looking at: five wake-ups a second over 200
            // watched nodes found nothing to do. An exit, or a node started unwatched, wakes it at once.
            wait = again ? WATCH_MILLIS : Math.max(1, nextSweep - System.currentTimeMillis());
        }
        stats.values().forEach(NodeIdentity.StatFile::close);
    }

    /** The node's stat file, opened again when its process changed (a restart by someone else). */
    private static NodeIdentity.StatFile stat(Map<String, NodeIdentity.StatFile> stats, RunningNode r) {
        NodeIdentity.StatFile stat = stats.get(r.id());
        if (stat == null || stat.process() != r.process) {
            if (stat != null) {
                stat.close();
            }
            stat = new NodeIdentity.StatFile(r.process);
            stats.put(r.id(), stat);
        }
        return stat;
    }

    private void restart(RunningNode r) {
        String id = r.id();
        ReentrantLock lock = locks.apply(id);
        if (!lock.tryLock()) {
            return; // being started or stopped right now; the next round looks again
        }
        try {
            if (nodes.get(id) != r || NodeIdentity.running(r.process) || !open) {
                return;
            }
            log.warn("node {} exited; restarting it from its append-only file", id);
            try {
                r.process = starts.launch(r.spec);
                r.failures = 0;
                r.down = false;
                watchExit(id);
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

    private static boolean closed(NodeIdentity.StatFile stat) {
        stat.close();
        return true;
    }
}
