package dev.cachewarden.engine.node;

import java.nio.file.Path;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one node's process where its {@link NodeLayout} says: first stops a process of ours still
 * running from the node's directory (an earlier run's, not tracked), then writes its configuration and
 * launches it detached ({@link NodeLauncher}). {@link NodeSupervisor} decides when; this, how.
 */
final class NodeStart {
    private static final Logger log = LoggerFactory.getLogger(NodeStart.class);

    private final Supplier<EngineBinary> binary;
    private final NodeLayout layout;
    private final AdminCredentials admin;
    private final AofFsync fsync;
    /** Each node's own binary (the engine's {@code NodeEngines} says which); null: {@link #binary} for every node. */
    private volatile Function<String, EngineBinary> nodeBinaries;
    private volatile BiConsumer<String, Integer> portMoved;

    NodeStart(Supplier<EngineBinary> binary, NodeLayout layout, AdminCredentials admin, AofFsync fsync) {
        this.binary = binary;
        this.layout = layout;
        this.admin = admin;
        this.fsync = fsync;
    }

    void nodeBinaries(Function<String, EngineBinary> binaries) {
        this.nodeBinaries = binaries;
    }

    /** Told the node's id and its new private TLS port when another process held the old one. */
    void onPortMoved(BiConsumer<String, Integer> moved) {
        this.portMoved = moved;
    }

    /**
     * Launches the node as {@code spec} says; returns once it has loaded its data. A private port of
     * the node held by another process (no client ever sees these ports) is replaced by a free one
     * first; should another process take it between that check and the node's bind, once more.
     */
    ProcessHandle launch(NodeSpec spec) {
        String id = spec.cacheClusterId();
        stopLeftover(id);
        int before = layout.internalPort(id);
        ProcessHandle process;
        try {
            process = launchOnce(spec);
        } catch (NodeLauncher.PortInUse e) {
            log.warn("{}; starting it again on other private ports", e.getMessage());
            process = launchOnce(spec);
        }
        int now = layout.internalPort(id);
        BiConsumer<String, Integer> moved = portMoved;
        if (now != before && moved != null) {
            moved.accept(id, now);
        }
        return process;
    }

    private ProcessHandle launchOnce(NodeSpec spec) {
        String id = spec.cacheClusterId();
        EngineBinary engine = nodeBinaries == null ? binary.get() : nodeBinaries.apply(id);
        Path dir = layout.nodeDir(id);
        Path socket = layout.socketPath(id);
        // A node binds its own address (a group made with a Port) beside 127.0.0.1 only in cluster mode.
        String host = spec.cluster() ? spec.host() : dev.cachewarden.domain.CacheNode.LOOPBACK;
        int tlsPort = freeOrMoved(id, "private TLS", layout.internalPort(id), host, layout::moveInternalPort);
        Integer primaryPort = spec.primaryId() == null ? null : layout.internalPort(spec.primaryId());
        NodeConfig.Cluster cluster = spec.cluster() ? new NodeConfig.Cluster(freeOrMoved(id, "cluster bus",
                layout.clusterBusPort(id), host, layout::moveClusterBusPort), spec.host(), spec.port()) : null;
        String config = NodeConfig.of(dir, socket, tlsPort, layout.certificate(id), admin,
                cluster == null ? primaryPort : null, cluster, fsync);
        ProcessHandle process = NodeLauncher.launch(engine, new NodeRecord(spec, tlsPort, socket), dir, config, admin);
        log.info("started node {} on {} and private tls port {} (pid {}, {} {})", id, socket, tlsPort, process.pid(),
                engine.path(), engine.version());
        return process;
    }

    /**
     * {@code port} if it can be bound now where the node binds it (127.0.0.1, and its own address in a
     * group made with a Port), else a new one: the node's process is stopped by now, so whatever holds
     * the port is not this node (redis sets SO_REUSEADDR, as the check does: TIME_WAIT is no hold).
     */
    private static int freeOrMoved(String id, String what, int port, String host,
                                   java.util.function.ToIntBiFunction<String, Integer> move) {
        if (Ports.freeOn(dev.cachewarden.domain.CacheNode.LOOPBACK, port)
                && (host.equals(dev.cachewarden.domain.CacheNode.LOOPBACK) || Ports.freeOn(host, port))) {
            return port;
        }
        int moved = move.applyAsInt(id, port);
        log.warn("the {} port {} of node {} is held by another process: the node moves to port {}", what, port, id,
                moved);
        return moved;
    }

    /** A node of ours still running from its directory though not tracked (an earlier run's): stopped. */
    void stopLeftover(String cacheClusterId) {
        Path dir = layout.nodeDir(cacheClusterId);
        NodeAdoption.stopIfRunning(NodeIdentity.of(dir, layout.socketPath(cacheClusterId), admin),
                "left from an earlier run in " + dir);
    }
}
