package dev.cachewarden.server;

import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.engine.NodeSupervisor;
import dev.cachewarden.metrics.Metrics;
import dev.cachewarden.store.Store;
import dev.cachewarden.store.TaskQueue;
import java.util.ArrayList;
import java.util.List;

/** What one server adds to a scrape: its transition backlog and its nodes, read from the store then. */
record ServerMetrics(Store store, NodeSupervisor supervisor) implements Metrics.StateSource {
    @Override
    public Metrics.Backlog transitions() {
        TaskQueue.Backlog b = store.readSnapshot(tx -> tx.tasks().backlog());
        return new Metrics.Backlog(b.pending(), b.oldestDueAtMillis());
    }

    /** External caches' nodes are not ours to run, so they are not counted. */
    @Override
    public Metrics.NodeCensus nodes() {
        List<String> ids = store.readSnapshot(tx -> {
            List<String> all = new ArrayList<>();
            tx.replicationGroups().all().stream().filter(g -> !g.external())
                    .forEach(g -> g.nodes().stream().map(CacheNode::cacheClusterId).forEach(all::add));
            tx.serverlessCaches().all().forEach(c -> c.nodes().stream().map(CacheNode::cacheClusterId).forEach(all::add));
            return all;
        });
        long running = ids.stream().filter(supervisor::isRunning).count();
        return new Metrics.NodeCensus(running, ids.size() - running);
    }
}
