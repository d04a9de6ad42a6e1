package dev.cachewarden.service.cache;

import dev.cachewarden.domain.Engine;
import dev.cachewarden.service.cache.CacheRuntime;
import java.util.Collection;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;

/**
 * The machine as the service tests see it: redis 7.0.15 installed, free ports counted up from a base
 * (skipping those taken), every address free unless told otherwise, and optionally a {@code --cache-port}.
 */
final class TestRuntime implements CacheRuntime {
    private final AtomicInteger ports;
    private final OptionalInt defaultPort;
    private final BiPredicate<String, Integer> free;

    TestRuntime(int firstPort) {
        this(firstPort, OptionalInt.empty());
    }

    TestRuntime(int firstPort, OptionalInt defaultPort) {
        this(firstPort, defaultPort, (host, port) -> true);
    }

    /** @param free which {@code host:port} can be listened on now */
    TestRuntime(BiPredicate<String, Integer> free) {
        this(40000, OptionalInt.empty(), free);
    }

    private TestRuntime(int firstPort, OptionalInt defaultPort, BiPredicate<String, Integer> free) {
        this.ports = new AtomicInteger(firstPort);
        this.defaultPort = defaultPort;
        this.free = free;
    }

    @Override
    public boolean canListen(String host, int port) {
        return free.test(host, port);
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
