package dev.cachewarden.faults;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node faults in force, for the engine to consult before it applies a cache's ACL. One per
 * process, like the engine's own static hooks, keyed by cache id; a server sets and clears them.
 */
public final class NodeFaults {
    private static final Map<String, NodeFault.Mode> FAULTS = new ConcurrentHashMap<>();
    private static final Object CHANGED = new Object();

    private NodeFaults() {}

    /**
     * Called before an ACL is applied to {@code cacheId}'s nodes: throws for a {@code fail} fault,
     * and for a {@code hang} fault waits until it is removed (or the thread is interrupted).
     */
    public static void beforeAclApply(String cacheId) {
        synchronized (CHANGED) {
            while (FAULTS.get(cacheId) == NodeFault.Mode.HANG) {
                try {
                    CHANGED.wait(1_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("injected fault: ACL apply to " + cacheId + " hung");
                }
            }
        }
        if (FAULTS.get(cacheId) == NodeFault.Mode.FAIL) {
            throw new IllegalStateException("injected fault: ACL apply to " + cacheId + " fails");
        }
    }

    /** Replaces {@code previous} (what this caller set before) with {@code next}. */
    static void replace(List<NodeFault> previous, List<NodeFault> next) {
        synchronized (CHANGED) {
            previous.forEach(f -> FAULTS.remove(f.cacheId(), f.aclApply()));
            next.forEach(f -> FAULTS.put(f.cacheId(), f.aclApply()));
            CHANGED.notifyAll();
        }
    }
}
