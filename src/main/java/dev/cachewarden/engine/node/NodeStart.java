package dev.cachewarden.engine.node;

import java.nio.file.Path;
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

    NodeStart(Supplier<EngineBinary> binary, NodeLayout layout, AdminCredentials admin, AofFsync fsync) {
        this.binary = binary;
        this.layout = layout;
        this.admin = admin;
        this.fsync = fsync;
    }

    void nodeBinaries(Function<String, EngineBinary> binaries) {
        this.nodeBinaries = binaries;
    }

    /** Launches the node as {@code spec} says; returns once it has loaded its data. */
    ProcessHandle launch(NodeSpec spec) {
        String id = spec.cacheClusterId();
        stopLeftover(id);
        EngineBinary engine = nodeBinaries == null ? binary.get() : nodeBinaries.apply(id);
        Path dir = layout.nodeDir(id);
        Path socket = layout.socketPath(id);
        int tlsPort = layout.internalPort(id);
        Integer primaryPort = spec.primaryId() == null ? null : layout.internalPort(spec.primaryId());
        NodeConfig.Cluster cluster = spec.cluster()
                ? new NodeConfig.Cluster(layout.clusterBusPort(id), spec.host(), spec.port()) : null;
        String config = NodeConfig.of(dir, socket, tlsPort, layout.certificate(id), admin,
                cluster == null ? primaryPort : null, cluster, fsync);
        ProcessHandle process = NodeLauncher.launch(engine, new NodeRecord(spec, tlsPort, socket), dir, config, admin);
        log.info("started node {} on {} and private tls port {} (pid {}, {} {})", id, socket, tlsPort, process.pid(),
                engine.path(), engine.version());
        return process;
    }

    /** A node of ours still running from its directory though not tracked (an earlier run's): stopped. */
    void stopLeftover(String cacheClusterId) {
        Path dir = layout.nodeDir(cacheClusterId);
        NodeAdoption.stopIfRunning(NodeIdentity.of(dir, layout.socketPath(cacheClusterId), admin),
                "left from an earlier run in " + dir);
    }
}
