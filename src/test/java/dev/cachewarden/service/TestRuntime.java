package dev.cachewarden.service;

import dev.cachewarden.domain.Engine;
import java.util.Collection;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The machine as the service tests see it: redis 7.0.15 installed, free ports counted up from a base
 * (skipping those taken), every address free, and optionally a {@code --cache-port}.
 */
final class TestRuntime implements CacheRuntime {
    private final AtomicInteger ports;
    private final OptionalInt defaultPort;

    TestRuntime(int firstPort) {
        this(firstPort, OptionalInt.empty());
    }

    TestRuntime(int firstPort, OptionalInt defaultPort) {
        this.ports = new AtomicInteger(firstPort);
        this.defaultPort = defaultPort;
    }

    @Override
    public Optional<String> engineVersion(Engine engine) {
        return Optional.of("7.0.15");
    }

    @Override
    public String missingEngineMessage() {
        return "none";
    }

    @Override
    public int freePort(Collection<Integer> taken) {
        int p = ports.incrementAndGet();
        while (taken.contains(p)) {
            p = ports.incrementAndGet();
        }
        return p;
    }

    @Override
    public OptionalInt defaultPort() {
        return defaultPort;
    }
}
