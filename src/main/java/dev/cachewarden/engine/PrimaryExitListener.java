package dev.cachewarden.engine;

/**
 * The hook for automatic failover: told, on the supervisor's watcher thread, that a cache's primary
 * node exited while it should run. Returning {@code true} means the listener takes over (e.g. promotes
 * a replica and later calls {@link NodeSupervisor#ensureRunning} with the node's new role): the
 * supervisor then forgets the node instead of restarting it. Returning {@code false} (the default)
 * lets the supervisor restart it from its append-only file, which it loads before any replica may
 * sync from it. Keep it quick: hand long work to another thread.
 */
@FunctionalInterface
public interface PrimaryExitListener {
    PrimaryExitListener RESTART = primary -> false;

    boolean primaryExited(NodeSpec primary);
}
