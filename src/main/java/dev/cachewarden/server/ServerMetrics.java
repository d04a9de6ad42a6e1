package dev.cachewarden.server;

import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.engine.node.NodeSupervisor;
import dev.cachewarden.metrics.Metrics;
import dev.cachewarden.store.KeptRead;
import dev.cachewarden.store.Store;
import dev.cachewarden.store.TaskQueue;
import java.util.ArrayList;
import java.util.List;

/** What one server adds to a scrape: its transition backlog and its nodes, read from the store then. */
final class ServerMetrics implements Metrics.StateSource {
    private final Store store;
    private final NodeSupervisor supervisor;
    /**
     * The managed node ids as last read, and the store's write generation then: reused while no write
     * was committed since. Every scrape read every group with its nodes and settings, at 100 groups
     * the largest read of an idle server after the reconciler's own (docs/bench.md).
     */
    private volatile KeptRead<List<String>> last;

    ServerMetrics(Store store, NodeSupervisor supervisor) {
        this.store = store;
        this.supervisor = supervisor;
    }

    @Override
    public Metrics.Backlog transitions() {
        TaskQueue.Backlog b = store.readSnapshot(tx -> tx.tasks().backlog());
        return new Metrics.Backlog(b.pending(), b.oldestDueAtMillis());
    }

    /** External caches' nodes are not ours to run, so they are not counted. */
    @Override
    public Metrics.NodeCensus nodes() {
        List<String> ids = nodeIds();
        long running = ids.stream().filter(supervisor::isRunning).count();
        return new Metrics.NodeCensus(running, ids.size() - running);
    }

    private List<String> nodeIds() {
        KeptRead<List<String>> read = KeptRead.of(store, last, () -> store.readSnapshot(tx -> {
            List<String> all = new ArrayList<>();
            tx.replicationGroups().all().stream().filter(g -> !g.external())
                    .forEach(g -> g.nodes().stream().map(CacheNode::cacheClusterId).forEach(all::add));
            tx.serverlessCaches().all().forEach(c -> c.nodes().stream().map(CacheNode::cacheClusterId).forEach(all::add));
            return List.copyOf(all);
        }));
        last = read;
        return read.value();
    }
}
