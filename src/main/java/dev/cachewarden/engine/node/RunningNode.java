package dev.cachewarden.engine.node;

/**
 * A node the supervisor runs or adopted; {@code process} is replaced when it is restarted. Its fields
 * are changed under the node's lock (or, for {@code down} and the retry timing, by the watcher alone).
 */
final class RunningNode {
    /** Changed in place when a failover gives the node another role ({@link NodeSupervisor#runsAs}). */
    volatile NodeSpec spec;
    volatile ProcessHandle process;
    volatile long nextAttemptMillis;
    volatile int failures;
    /** Found dead and not yet restarted: looked at every {@link NodeWatcher#WATCH_MILLIS}. */
    volatile boolean down;

    RunningNode(NodeSpec spec, ProcessHandle process) {
        this.spec = spec;
        this.process = process;
    }

    String id() {
        return spec.cacheClusterId();
    }
}
