package dev.cachewarden.service.cache;

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

    /**
     * The Port of a replication group created without one ({@code --cache-port}): empty keeps one address
     * with a free port per endpoint; a port puts every endpoint on an address of its own, all on that port,
     * as AWS answers 6379 when no Port is given.
     */
    default java.util.OptionalInt defaultPort() {
        return java.util.OptionalInt.empty();
    }

    /** Whether a listener can be bound on {@code host:port} now (a group's own address and its Port). */
    default boolean canListen(String host, int port) {
        return true;
    }

    /** Whether this engine's nodes run its own binary (valkey-server for Valkey), not the other one standing in. */
    default boolean runsOwnBinary(Engine engine) {
        return engineVersion(engine).isPresent();
    }
}
