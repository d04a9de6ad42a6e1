package dev.cachewarden.service.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.Engine;
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
 * ModifyReplicationGroupShardConfiguration's rules on a real (in-memory) store, without nodes: the
 * accepted target (new nodes creating, removed ones deleting, slots split again) and AWS's faults.
 */
class ShardServiceTest {
    JdbcStore store;
    CacheService caches;
    ShardService shards;

    @BeforeEach
    void open() {
        store = JdbcStore.inMemory("shards-" + UUID.randomUUID());
        ServiceSettings settings = new ServiceSettings("us-east-1", "000000000000", Duration.ZERO,
                ServiceSettings.Quotas.AWS_DEFAULTS, Clock.systemUTC());
        CacheRuntime runtime = new TestRuntime(43000);
        caches = new CacheService(store, settings, runtime, () -> { });
        shards = new ShardService(store, settings, runtime, () -> { });
    }

    @AfterEach
    void close() {
        store.close();
    }

    private ReplicationGroup createAvailable(String id, int shardCount) {
        caches.create(new CacheService.CreateReplicationGroup(id, "d", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(shardCount), Optional.of(1), Optional.of(true), Optional.empty(),
                Optional.empty(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(), SettingsRequest.none(),
                new ClusterRules.Request(List.of(), Optional.empty(), Optional.of("default.redis7.cluster.on"))));
        store.inTransaction(tx -> {
            tx.replicationGroups().updateStatus(id, CacheStatus.AVAILABLE);
            return null;
        });
        return store.inTransaction(tx -> tx.replicationGroups().find(id, false)).orElseThrow();
    }

    private static ShardService.ShardConfiguration change(String id, int count, List<String> remove, List<String> retain) {
        return new ShardService.ShardConfiguration(id, Optional.of(count), Optional.of(true), List.of(),
                Optional.ofNullable(remove), Optional.ofNullable(retain));
    }

    @Test
    void scaleOutAddsShardsLikeTheFirstAndSplitsTheSlotsAgain() {
        createAvailable("crg", 3);
        ReplicationGroup out = shards.modifyShardConfiguration(change("crg", 4, null, null));
        assertThat(out.status()).isEqualTo(CacheStatus.MODIFYING);
        assertThat(out.nodeGroups()).extracting(NodeGroup::slots)
                .containsExactly("0-4095", "4096-8191", "8192-12287", "12288-16383");
        NodeGroup added = out.nodeGroups().get(3);
        assertThat(added.nodeGroupId()).isEqualTo("0004");
        assertThat(added.members()).extracting(CacheNode::cacheClusterId).containsExactly("crg-0004-001", "crg-0004-002");
        assertThat(added.members()).extracting(CacheNode::status).containsOnly(CacheNode.Status.CREATING);
        assertThat(added.primary().cacheClusterId()).isEqualTo("crg-0004-001");
        // Busy until the engine has moved the slots.
        assertFault(() -> shards.modifyShardConfiguration(change("crg", 5, null, null)),
                Fault.INVALID_REPLICATION_GROUP_STATE);
    }

    @Test
    void scaleInByRemoveOrRetainMarksTheShardsDeleting() {
        createAvailable("crg", 3);
        ReplicationGroup in = shards.modifyShardConfiguration(change("crg", 2, List.of("2"), null));
        assertThat(in.servingNodes()).extracting(CacheNode::nodeGroupId).containsOnly("0001", "0003");
        assertThat(in.nodeGroups()).extracting(NodeGroup::slots).containsExactly("0-8191", "", "8192-16383");
        createAvailable("other", 3);
        ReplicationGroup retained = shards.modifyShardConfiguration(change("other", 1, null, List.of("0003")));
        assertThat(retained.servingNodes()).extracting(CacheNode::nodeGroupId).containsOnly("0003");
    }

    @Test
    void awsFaults() {
        createAvailable("crg", 2);
        assertFault(() -> shards.modifyShardConfiguration(change("crg", 2, null, null)), Fault.INVALID_PARAMETER_VALUE);
        assertFault(() -> shards.modifyShardConfiguration(change("crg", 91, null, null)),
                Fault.NODE_GROUPS_PER_REPLICATION_GROUP_QUOTA_EXCEEDED);
        assertFault(() -> shards.modifyShardConfiguration(change("crg", 1, null, null)), Fault.INVALID_PARAMETER_VALUE);
        assertFault(() -> shards.modifyShardConfiguration(change("crg", 1, List.of("0009"), null)),
                Fault.INVALID_PARAMETER_VALUE);
        assertFault(() -> shards.modifyShardConfiguration(change("crg", 1, List.of("0001"), List.of("0002"))),
                Fault.INVALID_PARAMETER_COMBINATION);
        assertFault(() -> shards.modifyShardConfiguration(change("crg", 1, List.of("0001", "0002"), null)),
                Fault.INVALID_PARAMETER_COMBINATION);
        assertFault(() -> shards.modifyShardConfiguration(change("crg", 3, List.of("0001"), null)),
                Fault.INVALID_PARAMETER_COMBINATION);
        assertFault(() -> shards.modifyShardConfiguration(new ShardService.ShardConfiguration("crg", Optional.of(3),
                Optional.of(false), List.of(), Optional.empty(), Optional.empty())), Fault.INVALID_PARAMETER_VALUE);
        assertFault(() -> shards.modifyShardConfiguration(change("nope", 3, null, null)),
                Fault.REPLICATION_GROUP_NOT_FOUND);
        // A group without cluster mode has no shard configuration to change.
        caches.create(new CacheService.CreateReplicationGroup("plain", "d", Optional.empty(), Optional.empty(),
                Optional.of(1), Optional.empty(), Optional.empty(), Optional.of(true), Optional.empty(),
                Optional.empty(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(), SettingsRequest.none(), null));
        assertFault(() -> shards.modifyShardConfiguration(change("plain", 2, null, null)),
                Fault.INVALID_PARAMETER_COMBINATION);
    }

    private static void assertFault(Runnable call, Fault fault) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ElastiCacheFault.class,
                e -> assertThat(e.fault()).isEqualTo(fault));
    }

    @Test
    void aClusterModeGroupsEngineChangeIsAcceptedForTheShardByShardReplacement() {
        createAvailable("cl", 2);
        GroupChanges toValkey = new GroupChanges(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of("valkey"), Optional.empty(), Optional.empty());
        ReplicationGroup accepted = caches.modify(new CacheService.ModifyReplicationGroup("cl", Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(true), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), SettingsRequest.none(), toValkey));
        assertThat(accepted.status()).isEqualTo(CacheStatus.MODIFYING);
        assertThat(store.inTransaction(tx -> tx.replicationGroups().find("cl", false)).orElseThrow().engine())
                .isEqualTo(Engine.VALKEY);
    }
}
