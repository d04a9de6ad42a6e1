package dev.cachewarden.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.domain.AutomaticFailoverStatus;
import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.ClusterMode;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.NodeGroup;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.store.Store;
import java.util.List;
import org.junit.jupiter.api.Test;

/** V8: a cluster-mode group's ClusterMode, and each node's shard and slots, survive the store (H2 here). */
class ClusterNodesTest {
    static ReplicationGroup clustered(String id) {
        List<CacheNode> nodes = List.of(
                new CacheNode(id + "-0001-001", CacheNode.LOOPBACK, 41001, true, CacheNode.Status.AVAILABLE, "0001", "0-8191"),
                new CacheNode(id + "-0001-002", CacheNode.LOOPBACK, 41002, false, CacheNode.Status.AVAILABLE, "0001", "0-8191"),
                new CacheNode(id + "-0002-001", CacheNode.LOOPBACK, 41003, true, CacheNode.Status.AVAILABLE, "0002",
                        "8192-16383"));
        return new ReplicationGroup(id, "d", Engine.REDIS, "7.0", CacheStatus.CREATING, true, null, List.of(), null,
                nodes, 1L, false, 0, AutomaticFailoverStatus.ENABLING, false, 41010, 0, false, null, null, null, null,
                ClusterMode.ENABLED);
    }

    /** Stores, reads back, moves slots; shared with the PostgreSQL run. */
    static void roundTrip(Store store) {
        store.inTransaction(tx -> tx.replicationGroups().insert(clustered("crg")));
        ReplicationGroup read = store.inTransaction(tx -> tx.replicationGroups().find("crg", false)).orElseThrow();
        assertThat(read.clusterMode()).isEqualTo(ClusterMode.ENABLED);
        assertThat(read.clusterEnabled()).isTrue();
        assertThat(read.nodeGroups()).extracting(NodeGroup::nodeGroupId).containsExactly("0001", "0002");
        assertThat(read.nodeGroups()).extracting(NodeGroup::slots).containsExactly("0-8191", "8192-16383");
        assertThat(read.nodeGroups().get(0).primary().cacheClusterId()).isEqualTo("crg-0001-001");
        assertThat(read.nodeGroups().get(0).replicas()).extracting(CacheNode::cacheClusterId)
                .containsExactly("crg-0001-002");

        store.inTransaction(tx -> {
            tx.replicationGroups().updateSlots("crg", "0001", "0-4095");
            tx.replicationGroups().updateSlots("crg", "0002", "4096-16383");
            return null;
        });
        ReplicationGroup moved = store.inTransaction(tx -> tx.replicationGroups().find("crg", false)).orElseThrow();
        assertThat(moved.nodeGroups()).extracting(NodeGroup::slots).containsExactly("0-4095", "4096-16383");
        assertThat(moved.version()).isGreaterThan(read.version());

        // A group made without cluster mode reads back as before: one shard 0001, no slots.
        ReplicationGroup plain = new ReplicationGroup("plain", "d", Engine.REDIS, "7.0", CacheStatus.AVAILABLE, false,
                null, List.of(), null, List.of(new CacheNode("plain-001", CacheNode.LOOPBACK, 41020, true)), 1L, false, 0);
        store.inTransaction(tx -> tx.replicationGroups().insert(plain));
        ReplicationGroup plainRead = store.inTransaction(tx -> tx.replicationGroups().find("plain", false)).orElseThrow();
        assertThat(plainRead.clusterMode()).isEqualTo(ClusterMode.DISABLED);
        assertThat(plainRead.nodeGroups()).singleElement().satisfies(g -> {
            assertThat(g.nodeGroupId()).isEqualTo("0001");
            assertThat(g.slots()).isEmpty();
        });
    }

    @Test
    void clusterModeShardsAndSlotsRoundTripOnH2() {
        try (JdbcStore store = JdbcStore.inMemory("cluster-nodes-" + System.nanoTime())) {
            roundTrip(store);
        }
    }
}
