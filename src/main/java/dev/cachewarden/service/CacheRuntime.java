package dev.cachewarden.service;

import dev.cachewarden.domain.Engine;
import java.util.Collection;
import java.util.Optional;

/** What the cache rules need from the machine that runs the nodes (implemented by the engine). */
public interface CacheRuntime {
    /** The version nodes of this engine run, or empty when no engine binary is installed. */
    Optional<String> engineVersion(Engine engine);

    /** Why nodes cannot run: which package to install or which option to fix. */
    String missingEngineMessage();

    /** A free loopback port not among {@code taken}. */
    int freePort(Collection<Integer> taken);

    /** Whether a listener can be bound on {@code host:port} now (a group's own address and its Port). */
    default boolean canListen(String host, int port) {
        return true;
    }

    /** Whether this engine's nodes run its own binary (valkey-server for Valkey), not the other one standing in. */
    default boolean runsOwnBinary(Engine engine) {
        return engineVersion(engine).isPresent();
    }
}
