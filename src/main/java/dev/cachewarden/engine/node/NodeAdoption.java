package dev.cachewarden.engine.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, before any cache work: every directory under the nodes' root is one node of an earlier
 * run. A node whose cache cluster id the store still owns and that answers as itself
 * ({@link NodeIdentity.Answering}) is adopted as it runs, data and connections untouched, its AOF set to
 * this run's durability ({@link AdoptedDurability}; one that refuses is stopped and started again); one of ours
 * that does not answer is stopped (the reconciler starts it again from its append-only file). A
 * directory the store no longer owns (its cache was deleted while cachewarden was down, or a kill
 * came in the middle of a delete) has its node stopped and is removed: no node outlives its cache.
 * A PID from a file is never signalled unless the process proved to be ours.
 */
public final class NodeAdoption {
    private static final Logger log = LoggerFactory.getLogger(NodeAdoption.class);

    private final Path nodesRoot;
    private final AdminCredentials admin;
    private final NodeSockets sockets;
    private final AofFsync fsync;

    /** What was found: adopted nodes, orphans stopped and removed, and how long it took. */
    public record Result(List<String> adopted, List<String> removed, List<String> stopped, long millis) {}

    /** Told of each owned node: its record, and its process when it was adopted (null when it must be started). */
    interface Found {
        void node(NodeSpec spec, NodeRecord record, ProcessHandle adopted);
    }

    NodeAdoption(Path nodesRoot, AdminCredentials admin, NodeSockets sockets, AofFsync fsync) {
        this.nodesRoot = nodesRoot;
        this.admin = admin;
        this.sockets = sockets;
        this.fsync = fsync;
    }

    Result run(Collection<String> owned, Found found) {
        long started = System.nanoTime();
        Set<String> ids = Set.copyOf(owned);
        List<String> adopted = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> stopped = new ArrayList<>();
        for (Path dir : directories()) {
            String id = dir.getFileName().toString();
            NodeRecord record = NodeRecord.read(dir).orElse(null);
            Path socket = record != null ? record.socket() : sockets.path(id);
            NodeIdentity identity = NodeIdentity.of(dir, socket, admin);
            if (!ids.contains(id)) {
                stopIfRunning(identity, dir.toString());
                NodeSockets.deleteTree(dir);
                sockets.delete(socket);
                removed.add(id);
                log.warn("node directory {} belongs to no cache any more: its node was stopped and the directory removed", dir);
                continue;
            }
            if (record == null || !record.socket().equals(sockets.path(id))) {
                // No record (or one from another location of the data dir): its ports and socket are not
                // where this start looks for them, so it is stopped; the reconciler starts it afresh from its data.
                stopIfRunning(identity, dir.toString());
                if (record != null) {
                    stopped.add(id);
                }
                continue;
            }
            switch (identity) {
                case NodeIdentity.Answering a -> {
                    if (!NodeRecord.pid(dir).equals(java.util.Optional.of(a.process().pid()))) {
                        // The node's own word wins over a file anyone with access could have changed.
                        log.warn("node {} runs as pid {}, not as its pid file says", id, a.process().pid());
                    }
                    switch (AdoptedDurability.apply(socket, admin, fsync)) {
                        case AdoptedDurability.Refused r -> {
                            // Kept as it runs it would break this run's durability promise: a start writes it.
                            log.warn("node {} (pid {}) cannot be set to appendonly yes, appendfsync {} ({}); "
                                    + "stopping it to start it again", id, a.process().pid(), fsync.redisValue(), r.why());
                            NodeIdentity.stop(a.process());
                            found.node(record.spec(), record, null);
                            stopped.add(id);
                            continue;
                        }
                        case AdoptedDurability.Changed c -> log.info("node {} ran with appendonly {}, appendfsync {}; "
                                + "set to appendonly yes, appendfsync {} as this run's durability says", id,
                                c.appendonly(), c.appendfsync(), fsync.redisValue());
                        case AdoptedDurability.Kept k -> { }
                    }
                    found.node(record.spec(), record, a.process());
                    adopted.add(id);
                    log.info("adopted node {} (pid {}, run id {})", id, a.process().pid(), a.info().runId());
                }
                case NodeIdentity.Silent s -> {
                    log.warn("node {} (pid {}) does not answer; stopping it to start it again", id, s.process().pid());
                    NodeIdentity.stop(s.process());
                    found.node(record.spec(), record, null);
                    stopped.add(id);
                }
                case NodeIdentity.Absent a -> found.node(record.spec(), record, null);
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (!adopted.isEmpty() || !removed.isEmpty() || !stopped.isEmpty()) {
            log.info("node adoption: {} adopted, {} orphan(s) removed, {} stopped, in {} ms", adopted.size(),
                    removed.size(), stopped.size(), millis);
        }
        return new Result(List.copyOf(adopted), List.copyOf(removed), List.copyOf(stopped), millis);
    }

    /** Stops the process {@code identity} found, if any, once known to be ours; {@code what} says whose, for the log. */
    static void stopIfRunning(NodeIdentity identity, String what) {
        switch (identity) {
            case NodeIdentity.Answering a -> {
                log.info("stopping node process {} ({})", a.process().pid(), what);
                NodeIdentity.stop(a.process());
            }
            case NodeIdentity.Silent s -> {
                log.info("stopping unresponsive node process {} ({})", s.process().pid(), what);
                NodeIdentity.stop(s.process());
            }
            case NodeIdentity.Absent a -> { }
        }
    }

    private List<Path> directories() {
        if (!Files.isDirectory(nodesRoot)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(nodesRoot)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            log.warn("cannot list {}: {}", nodesRoot, e.toString());
            return List.of();
        }
    }
}
