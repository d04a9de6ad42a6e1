package dev.cachewarden.engine;

import dev.cachewarden.domain.Engine;
import dev.cachewarden.service.CacheRuntime;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The machine's engine binaries and ports, as the cache rules see them; binaries are looked up once. */
public final class EngineRuntime implements CacheRuntime {
    private final Path configuredBinary;
    private final Map<Engine, Optional<EngineBinary>> found = new ConcurrentHashMap<>();
    /** Ports in use that the store does not know: the nodes' private TLS ports (see NodeSupervisor). */
    private volatile java.util.function.Supplier<Collection<Integer>> privatePorts = java.util.List::of;

    /** @param configuredBinary {@code --engine-binary}, or null to search PATH */
    public EngineRuntime(Path configuredBinary) {
        this.configuredBinary = configuredBinary;
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
    public String missingEngineMessage() {
        return EngineBinary.missingMessage(configuredBinary);
    }

    /** Tells new published ports to avoid these too (a node's private port is free while it restarts). */
    public void avoid(java.util.function.Supplier<Collection<Integer>> privatePorts) {
        this.privatePorts = privatePorts;
    }

    @Override
    public int freePort(Collection<Integer> taken) {
        java.util.Set<Integer> all = new java.util.HashSet<>(taken);
        all.addAll(privatePorts.get());
        return Ports.free(all);
    }
}
