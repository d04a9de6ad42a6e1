package dev.cachewarden.engine.cluster;

import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.engine.CacheEngine;
import dev.cachewarden.engine.DesiredAcl;
import dev.cachewarden.engine.node.NodeAddress;
import dev.cachewarden.engine.NodeConnector;
import dev.cachewarden.engine.node.NodeSupervisor;
import dev.cachewarden.engine.NodeUnavailableException;
import dev.cachewarden.engine.ReplicationInfo;
import dev.cachewarden.store.Store;

/**
 * What every cluster step works with: the store that records the roles, the engine that runs the
 * nodes, and the connector that talks to them; with the few moves they all make.
 */
record ClusterContext(Store store, CacheEngine engine, NodeConnector connector) {
    NodeSupervisor supervisor() {
        return engine.supervisor();
    }

    /** The node's private TLS address, where cachewarden manages it. */
    NodeAddress address(String cacheClusterId) {
        return engine.supervisor().managementAddress(cacheClusterId);
    }

    /** The node's INFO replication, asked over the kept connection. */
    ReplicationInfo replication(String cacheClusterId) {
        return connector.withSession(address(cacheClusterId), s -> ReplicationInfo.parse(s.info("replication")));
    }

    /** The group as stored now; throws if it is gone. */
    ReplicationGroup reload(String replicationGroupId) {
        return store.inTransaction(tx -> tx.replicationGroups().find(replicationGroupId, false)).orElseThrow(() ->
                new NodeUnavailableException("replication group " + replicationGroupId + " is gone"));
    }

    /** Restarts one node as the group now has it, its directory (nodes.conf, AOF) kept, and applies its ACL again. */
    void restartWithAcl(ReplicationGroup group, CacheNode node) {
        String id = node.cacheClusterId();
        supervisor().stop(id, false);
        supervisor().ensureRunning(CacheEngine.spec(group, node));
        engine.applier().forget(id);
        engine.applier().apply(address(id), store.inTransaction(tx -> DesiredAcl.of(tx, group)));
    }
}
