package dev.cachewarden.engine;

import dev.cachewarden.domain.Cache;
import dev.cachewarden.domain.ReplicationGroup;

/**
 * What the engine asks of a cluster-mode replication group's nodes, which are run with Redis Cluster's
 * own commands (CLUSTER MEET, REPLICATE, FAILOVER, slot moves): {@code engine.cluster} implements it and
 * the server hands it in. The engine reaches that package only through here, so the two form no cycle.
 */
public interface ClusterEngine {
    /**
     * A pending ClusterMode change made real on the nodes (disabled → compatible restarts them as a
     * one-shard cluster; compatible → enabled changes no node). @return the group as stored afterwards
     */
    ReplicationGroup convert(ReplicationGroup group);

    /**
     * A cluster-mode group's modification before the ACL pass: removed replicas stopped, an engine
     * upgrade rolled shard by shard, a TestFailover carried out. @return the group as it is afterwards
     */
    ReplicationGroup applyChanges(ReplicationGroup group);

    /**
     * A cluster-mode group's nodes joined into one Redis Cluster, slots and replicas in place, then its
     * removed shards' nodes stopped; a no-op for any other cache.
     */
    void form(Cache cache);

    /**
     * The supervisor found this node dead. @return whether it is a cluster shard's primary that a replica
     * now replaces (the node is held down meanwhile and rejoins as a replica); false leaves it to others
     */
    boolean replacesDeadPrimary(String cacheClusterId);

    /** The store made to follow a failover Redis Cluster made by itself (a primary that hung too long). */
    void follow(ReplicationGroup group);
}
