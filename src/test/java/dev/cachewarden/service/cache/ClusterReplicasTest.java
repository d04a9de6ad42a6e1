package dev.cachewarden.service.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.NodeGroup;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.domain.fault.Fault;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.service.settings.SettingsRequest;
import dev.cachewarden.store.jdbc.JdbcStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * IncreaseReplicaCount, DecreaseReplicaCount and TestFailover on a cluster-mode group, on a real
 * (in-memory) store without nodes: shard by shard, AWS's node ids, and the faults botocore's model lists.
 */
class ClusterReplicasTest {
    JdbcStore store;
    CacheService caches;
    ReplicaService replicas;

    @BeforeEach
    void open() {
        store = JdbcStore.inMemory("cluster-replicas-" + UUID.randomUUID());
        ServiceSettings settings = new ServiceSettings("us-east-1", "000000000000", Duration.ZERO,
                ServiceSettings.Quotas.AWS_DEFAULTS, Clock.systemUTC());
        CacheRuntime runtime = new TestRuntime(44000);
        caches = new CacheService(store, settings, runtime, () -> { });
        replicas = new ReplicaService(store, settings, runtime, () -> { });
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void createAvailable(String id, int shards, int replicasPerShard) {
        caches.create(new CacheService.CreateReplicationGroup(id, "d", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(shards), Optional.of(replicasPerShard), Optional.of(true), Optional.empty(),
                Optional.empty(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(), SettingsRequest.none(),
                new ClusterRules.Request(List.of(), Optional.empty(), Optional.of("default.redis7.cluster.on"))));
        available(id);
    }

    private void available(String id) {
        store.inTransaction(tx -> {
            ReplicationGroup g = tx.replicationGroups().find(id, true).orElseThrow();
            for (CacheNode n : g.nodes()) {
                if (n.status() == CacheNode.Status.DELETING) {
                    tx.replicationGroups().deleteNode(n.cacheClusterId());
                } else {
                    tx.replicationGroups().updateNodeStatus(n.cacheClusterId(), CacheNode.Status.AVAILABLE);
                }
            }
            tx.replicationGroups().updateStatus(id, CacheStatus.AVAILABLE);
            return null;
        });
    }

    private static ReplicaService.ReplicaCountChange count(String id, Integer n, List<ReplicaService.ConfigureShard> shards,
                                                           List<String> remove) {
        return new ReplicaService.ReplicaCountChange(id, Optional.of(true), Optional.ofNullable(n), shards, remove);
    }

    private static List<String> members(ReplicationGroup g, int shard) {
        return g.nodeGroups().get(shard).members().stream().map(CacheNode::cacheClusterId).toList();
    }

    @Test
    void newReplicaCountAddsReplicasToEveryShardNumberedWithinTheShard() {
        createAvailable("crg", 2, 1);
        ReplicationGroup g = replicas.increase(count("crg", 2, List.of(), List.of()));
        assertThat(g.status()).isEqualTo(CacheStatus.MODIFYING);
        assertThat(members(g, 0)).containsExactly("crg-0001-001", "crg-0001-002", "crg-0001-003");
        assertThat(members(g, 1)).containsExactly("crg-0002-001", "crg-0002-002", "crg-0002-003");
        NodeGroup second = g.nodeGroups().get(1);
        assertThat(second.slots()).isEqualTo("8192-16383");
        CacheNode added = second.members().get(2);
        assertThat(added.primary()).isFalse();
        assertThat(added.status()).isEqualTo(CacheNode.Status.CREATING);
        assertThat(added.slots()).isEqualTo("8192-16383");
        // One change at a time: the group is modifying.
        assertFault(() -> replicas.increase(count("crg", 3, List.of(), List.of())), Fault.INVALID_REPLICATION_GROUP_STATE);
    }

    @Test
    void replicaConfigurationChangesOnlyTheShardsItNames() {
        createAvailable("crg", 3, 1);
        ReplicationGroup g = replicas.increase(count("crg", null,
                List.of(new ReplicaService.ConfigureShard("2", 3)), List.of()));
        assertThat(members(g, 0)).hasSize(2);
        assertThat(members(g, 1)).containsExactly("crg-0002-001", "crg-0002-002", "crg-0002-003", "crg-0002-004");
        assertThat(members(g, 2)).hasSize(2);
    }

    @Test
    void preferredAvailabilityZonesPlaceTheNewReplicasInTheZonesAfterTheShardsCurrentNodes() {
        createAvailable("crg", 2, 1);
        replicas.increase(count("crg", null, List.of(new ReplicaService.ConfigureShard("0002", 3,
                List.of("us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"))), List.of()));
        dev.cachewarden.domain.CacheSettings.Placement placement = store.inTransaction(tx ->
                tx.cacheSettings().find(dev.cachewarden.domain.Cache.Ref.replicationGroup("crg"))).orElseThrow().placement();
        assertThat(placement.availabilityZone("crg-0002-003")).isEqualTo("us-east-1c");
        assertThat(placement.availabilityZone("crg-0002-004")).isEqualTo("us-east-1d");
        // Nodes the request did not place keep answering the region's first zone.
        assertThat(placement.availabilityZone("crg-0001-001")).isIn(null, "us-east-1a");
        store.inTransaction(tx -> {
            tx.replicationGroups().updateStatus("crg", dev.cachewarden.domain.CacheStatus.AVAILABLE);
            return null;
        });
        assertFault(() -> replicas.increase(count("crg", null, List.of(new ReplicaService.ConfigureShard("0001", 2,
                List.of("us-east-1a", "us-east-1b", "eu-west-1a"))), List.of())), Fault.INVALID_PARAMETER_VALUE);
    }

    @Test
    void increaseRefusesWhatAwsRefuses() {
        createAvailable("crg", 2, 1);
        // Above 5, an unknown shard (the model lists no NodeGroupNotFound here), no shard growing, both ways at once.
        assertFault(() -> replicas.increase(count("crg", 6, List.of(), List.of())), Fault.INVALID_PARAMETER_VALUE);
        assertFault(() -> replicas.increase(count("crg", null, List.of(new ReplicaService.ConfigureShard("0009", 2)),
                List.of())), Fault.INVALID_PARAMETER_VALUE);
        assertFault(() -> replicas.increase(count("crg", 1, List.of(), List.of())), Fault.INVALID_PARAMETER_VALUE);
        assertFault(() -> replicas.increase(count("crg", 2, List.of(new ReplicaService.ConfigureShard("0001", 2)),
                List.of())), Fault.INVALID_PARAMETER_COMBINATION);
        assertThat(store.inTransaction(tx -> tx.replicationGroups().find("crg", false)).orElseThrow().status())
                .isEqualTo(CacheStatus.AVAILABLE);
    }

    @Test
    void decreaseRemovesEachShardsNewestReplicaOrTheOnesNamed() {
        createAvailable("crg", 2, 2);
        ReplicationGroup g = replicas.decrease(count("crg", 1, List.of(), List.of()));
        assertThat(g.nodes().stream().filter(n -> n.status() == CacheNode.Status.DELETING).map(CacheNode::cacheClusterId))
                .containsExactlyInAnyOrder("crg-0001-003", "crg-0002-003");
        available("crg");
        g = replicas.decrease(count("crg", null, List.of(), List.of("CRG-0002-002")));
        assertThat(g.nodes().stream().filter(n -> n.status() == CacheNode.Status.DELETING).map(CacheNode::cacheClusterId))
                .containsExactly("crg-0002-002");
        available("crg");
        // Cluster mode enabled allows a shard of a primary alone (no Multi-AZ asked).
        assertThat(store.inTransaction(tx -> tx.replicationGroups().find("crg", false)).orElseThrow()
                .nodeGroups().get(1).members()).hasSize(1);
    }

    @Test
    void decreaseRefusesAPrimaryAnUnknownNodeAndGrowing() {
        createAvailable("crg", 2, 1);
        assertFault(() -> replicas.decrease(count("crg", null, List.of(), List.of("crg-0001-001"))),
                Fault.INVALID_PARAMETER_VALUE);
        assertFault(() -> replicas.decrease(count("crg", null, List.of(), List.of("crg-0009-002"))),
                Fault.INVALID_PARAMETER_VALUE);
        assertFault(() -> replicas.decrease(count("crg", 2, List.of(), List.of())), Fault.INVALID_PARAMETER_VALUE);
        assertFault(() -> replicas.decrease(count("crg", 0, List.of(), List.of("crg-0001-002"))),
                Fault.INVALID_PARAMETER_COMBINATION);
    }

    @Test
    void testFailoverNamesAShardOfTheGroup() {
        createAvailable("crg", 2, 1);
        assertFault(() -> replicas.testFailover("crg", "0003"), Fault.NODE_GROUP_NOT_FOUND);
        ReplicationGroup g = replicas.testFailover("crg", "0002");
        assertThat(g.status()).isEqualTo(CacheStatus.MODIFYING);
        assertThat(g.failoverRequested()).isTrue();
        assertThat(g.failoverTo()).isEqualTo("crg-0002-002");
        // One TestFailover at a time per group.
        assertFault(() -> replicas.testFailover("crg", "0001"), Fault.INVALID_REPLICATION_GROUP_STATE);
    }

    @Test
    void testFailoverNeedsAReplicaInTheShard() {
        createAvailable("crg", 2, 0);
        assertFault(() -> replicas.testFailover("crg", "0001"), Fault.TEST_FAILOVER_NOT_AVAILABLE);
    }

    @Test
    void aPromotionChangesOnlyItsOwnShardsPrimary() {
        createAvailable("crg", 2, 1);
        ReplicationGroup g = store.inTransaction(tx -> {
            tx.replicationGroups().promote("crg", "crg-0002-002");
            return tx.replicationGroups().find("crg", false).orElseThrow();
        });
        assertThat(g.nodeGroups()).extracting(s -> s.primary().cacheClusterId())
                .containsExactly("crg-0001-001", "crg-0002-002");
        assertThat(g.nodes().stream().filter(CacheNode::primary)).hasSize(2);
    }

    private static void assertFault(Runnable call, Fault fault) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ElastiCacheFault.class,
                e -> assertThat(e.fault()).isEqualTo(fault));
    }
}
