package dev.cachewarden.engine;

import dev.cachewarden.domain.Engine;
import dev.cachewarden.engine.node.EngineBinary;
import dev.cachewarden.engine.node.Ports;
import dev.cachewarden.service.cache.CacheRuntime;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** The machine's engine binaries and ports, as the cache rules see them; binaries are looked up once. */
public final class EngineRuntime implements CacheRuntime {
    private final Path configuredBinary;
    private final Map<Engine, Optional<EngineBinary>> found = new ConcurrentHashMap<>();
    /** Ports in use that the store does not know: the nodes' private TLS ports (see NodeSupervisor). */
    private volatile Supplier<Collection<Integer>> privatePorts = List::of;

    private final java.util.OptionalInt defaultPort;

    /** @param configuredBinary {@code --engine-binary}, or null to search PATH */
    public EngineRuntime(Path configuredBinary) {
        this(configuredBinary, java.util.OptionalInt.empty());
    }

    /** @param defaultPort {@code --cache-port}: the Port of a group created without one, if any */
    public EngineRuntime(Path configuredBinary, java.util.OptionalInt defaultPort) {
        this.configuredBinary = configuredBinary;
        this.defaultPort = defaultPort;
    }

    @Override
    public java.util.OptionalInt defaultPort() {
        return defaultPort;
    }

    public Optional<EngineBinary> binary(Engine engine) {
        return found.computeIfAbsent(engine, e -> EngineBinary.find(configuredBinary, e));
    }

    /** The binary for nodes (redis-server serves both engines here); throws naming what to install. */
    public EngineBinary requireBinary() {
        return binary(Engine.REDIS).orElseThrow(() -> new IllegalStateException(missingEngineMessage()));
    }

    @Override
    public Optional<String> engineVersion(Engine engine) {
        return binary(engine).map(EngineBinary::version);
    }

    @Override
    public boolean runsOwnBinary(Engine engine) {
        // A configured --engine-binary is taken as serving both engines, as before there was a choice.
        return binary(engine).map(b -> configuredBinary != null
                || b.path().getFileName().toString().startsWith(engine.wire())).orElse(false);
    }

    @Override
    public String missingEngineMessage() {
        return EngineBinary.missingMessage(configuredBinary);
    }

    /** Tells new published ports to avoid these too (a node's private port is free while it restarts). */
    public void avoid(Supplier<Collection<Integer>> privatePorts) {
        this.privatePorts = privatePorts;
    }

    @Override
    public int freePort(Collection<Integer> taken) {
        Set<Integer> all = new HashSet<>(taken);
        all.addAll(privatePorts.get());
        return Ports.free(all);
    }

    @Override
    public boolean canListen(String host, int port) {
        return Ports.freeOn(host, port);
    }
}
