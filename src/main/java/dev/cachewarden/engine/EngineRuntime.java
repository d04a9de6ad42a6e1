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

    @Override
    public int freePort(Collection<Integer> taken) {
        return Ports.free(taken);
    }
}
