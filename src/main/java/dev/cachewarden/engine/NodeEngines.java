package dev.cachewarden.engine;

import dev.cachewarden.domain.Cache;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.engine.node.EngineBinary;
import dev.cachewarden.engine.node.NodeSpec;
import dev.cachewarden.engine.node.NodeSupervisor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which engine each node runs, kept in its directory ({@value #FILE}): a Valkey cache's nodes run
 * valkey-server, a Redis OSS cache's redis-server, and a node being upgraded changes binary only when
 * {@link EngineUpgrade} replaces it, never because its cache's engine changed in the store (so a
 * reconciliation pass or a restart after a crash never upgrades every node at once). A node without
 * the file (made before it existed) runs the default binary, redis-server.
 */
public final class NodeEngines {
    static final String FILE = "engine";

    private NodeEngines() {}

    /** The binary a node is launched with: its recorded engine's, else the default one. */
    public static Function<String, EngineBinary> binaries(NodeSupervisor supervisor, EngineRuntime runtime) {
        return id -> recorded(supervisor, id).flatMap(runtime::binary).orElseGet(runtime::requireBinary);
    }

    static Optional<Engine> recorded(NodeSupervisor supervisor, String cacheClusterId) {
        Path file = supervisor.layout().nodeDir(cacheClusterId).resolve(FILE);
        try {
            return Files.exists(file) ? Engine.parse(Files.readString(file, StandardCharsets.UTF_8).trim())
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the engine of node " + cacheClusterId, e);
        }
    }

    /** The engine the node runs now: the recorded one, Redis OSS for a node made before the record. */
    public static Engine running(NodeSupervisor supervisor, String cacheClusterId) {
        return recorded(supervisor, cacheClusterId).orElse(Engine.REDIS);
    }

    /** The node is to run {@code engine} from its next start. */
    public static void assign(NodeSupervisor supervisor, String cacheClusterId, Engine engine) {
        Path dir = supervisor.layout().nodeDir(cacheClusterId);
        try {
            Files.createDirectories(dir);
            dev.cachewarden.secrets.SecretFiles.write(dir.resolve(FILE), engine.wire().toLowerCase(Locale.ROOT) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the engine of node " + cacheClusterId, e);
        }
    }

    static Engine engineOf(Cache cache) {
        return switch (cache) {
            case dev.cachewarden.domain.ReplicationGroup g -> g.engine();
            case dev.cachewarden.domain.ServerlessCache s -> s.engine();
            default -> Engine.REDIS;
        };
    }

    /** Before ensureRunning: a node not started yet gets its cache's engine (a running one keeps its own). */
    static void assignNew(NodeSupervisor supervisor, Cache cache, List<NodeSpec> specs) {
        for (NodeSpec spec : specs) {
            if (!supervisor.isRunning(spec.cacheClusterId()) && recorded(supervisor, spec.cacheClusterId()).isEmpty()) {
                assign(supervisor, spec.cacheClusterId(), engineOf(cache));
            }
        }
    }
}
