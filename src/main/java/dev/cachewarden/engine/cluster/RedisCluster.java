package dev.cachewarden.engine.cluster;

import dev.cachewarden.domain.Cache;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.engine.CacheEngine;
import dev.cachewarden.engine.ClusterEngine;
import dev.cachewarden.engine.NodeConnector;
import dev.cachewarden.store.Store;

/** The engine's cluster-mode work, each part done by the class that knows it; built once by the server. */
public final class RedisCluster implements ClusterEngine {
    private final ClusterContext context;
    private final ClusterModeConversion conversion;
    private final ClusterChanges changes;
    private final ClusterPrimaryLoss primaryLoss;

    public RedisCluster(Store store, CacheEngine engine, NodeConnector connector) {
        this.context = new ClusterContext(store, engine, connector);
        ClusterFailover failover = new ClusterFailover(context);
        this.conversion = new ClusterModeConversion(context);
        this.changes = new ClusterChanges(context, failover);
        this.primaryLoss = new ClusterPrimaryLoss(context, failover);
    }

    @Override
    public ReplicationGroup convert(ReplicationGroup group) {
        return conversion.convert(group);
    }

    @Override
    public ReplicationGroup applyChanges(ReplicationGroup group) {
        return changes.apply(group);
    }

    @Override
    public void form(Cache cache) {
        if (cache instanceof ReplicationGroup group && group.runsAsCluster() && !group.external()) {
            ClusterFormation.form(group, context);
            // Removed shards' nodes stop only now: their slots and keys had to move off them first.
            context.engine().stopRemoved(group);
        }
    }

    @Override
    public boolean replacesDeadPrimary(String cacheClusterId) {
        return primaryLoss.handles(cacheClusterId);
    }

    @Override
    public void follow(ReplicationGroup group) {
        primaryLoss.follow(group);
    }
}
