package dev.cachewarden.service.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.service.settings.SettingsRequest;
import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.ClusterMode;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.domain.fault.Fault;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** CreateReplicationGroup's cluster-mode rules, with the faults AWS gives. */
class ClusterRulesTest {
    static CacheService.CreateReplicationGroup request(Optional<Integer> numCacheClusters, Optional<Integer> shards,
                                                       Optional<Integer> replicas, Optional<Boolean> failover,
                                                       Optional<Boolean> multiAz) {
        return new CacheService.CreateReplicationGroup("rg", "d", Optional.empty(), Optional.empty(), numCacheClusters,
                shards, replicas, Optional.of(true), Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                failover, multiAz, SettingsRequest.none(), null);
    }

    static ClusterRules.Request cluster(String mode, String parameterGroup, ClusterRules.NodeGroupRequest... groups) {
        return new ClusterRules.Request(List.of(groups), Optional.ofNullable(mode), Optional.ofNullable(parameterGroup));
    }

    static ClusterRules.NodeGroupRequest group(String id, String slots, Integer replicas) {
        return new ClusterRules.NodeGroupRequest(Optional.ofNullable(id), Optional.ofNullable(slots),
                Optional.ofNullable(replicas));
    }

    static Fault faultOf(Runnable r) {
        try {
            r.run();
        } catch (ElastiCacheFault f) {
            return f.fault();
        }
        throw new AssertionError("no fault");
    }

    @Test
    void aClusterOnParameterGroupSplitsTheSlotsEvenlyOverTheShards() {
        ClusterRules.Layout layout = ClusterRules.forCreate(request(Optional.empty(), Optional.of(3), Optional.of(1),
                Optional.empty(), Optional.empty()), cluster(null, "default.redis7.cluster.on"));
        assertThat(layout.mode()).isEqualTo(ClusterMode.ENABLED);
        assertThat(layout.shards()).extracting(ClusterRules.Shard::nodeGroupId).containsExactly("0001", "0002", "0003");
        assertThat(layout.shards()).extracting(ClusterRules.Shard::slots)
                .containsExactly("0-5461", "5462-10922", "10923-16383");
        AtomicInteger port = new AtomicInteger(40000);
        assertThat(ClusterRules.nodes("rg", layout, port::incrementAndGet)).extracting(CacheNode::cacheClusterId)
                .containsExactly("rg-0001-001", "rg-0001-002", "rg-0002-001", "rg-0002-002", "rg-0003-001", "rg-0003-002");
    }

    @Test
    void nodeGroupConfigurationSetsIdsSlotsAndReplicaCounts() {
        ClusterRules.Layout layout = ClusterRules.forCreate(request(Optional.empty(), Optional.of(2), Optional.of(1),
                Optional.empty(), Optional.empty()), cluster("enabled", null, group("7", "0-99,200-16383", 2),
                group(null, "100-199", null)));
        assertThat(layout.shards()).containsExactly(new ClusterRules.Shard("0007", "0-99,200-16383", 2),
                new ClusterRules.Shard("0001", "100-199", 1));
    }

    @Test
    void withoutClusterModeOneShardOnly() {
        ClusterRules.Layout plain = ClusterRules.forCreate(request(Optional.of(2), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()), ClusterRules.Request.none());
        assertThat(plain.mode()).isEqualTo(ClusterMode.DISABLED);
        assertThat(plain.shards()).isEmpty();
        assertThat(faultOf(() -> ClusterRules.forCreate(request(Optional.empty(), Optional.of(2), Optional.empty(),
                Optional.empty(), Optional.empty()), cluster("disabled", null))))
                .isEqualTo(Fault.INVALID_PARAMETER_COMBINATION);
        assertThat(faultOf(() -> ClusterRules.forCreate(request(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()), cluster("disabled", "default.redis7.cluster.on"))))
                .isEqualTo(Fault.INVALID_PARAMETER_COMBINATION);
    }

    @Test
    void awsFaultsForBadClusterRequests() {
        // Too many shards: AWS's own quota fault.
        assertThat(faultOf(() -> ClusterRules.forCreate(request(Optional.empty(), Optional.of(91), Optional.empty(),
                Optional.empty(), Optional.empty()), cluster("enabled", null))))
                .isEqualTo(Fault.NODE_GROUPS_PER_REPLICATION_GROUP_QUOTA_EXCEEDED);
        assertThat(faultOf(() -> ClusterRules.forCreate(request(Optional.empty(), Optional.of(31), Optional.of(2),
                Optional.empty(), Optional.empty()), cluster("enabled", null))))
                .isEqualTo(Fault.NODE_QUOTA_FOR_CLUSTER_EXCEEDED);
        assertThat(faultOf(() -> ClusterRules.forCreate(request(Optional.of(2), Optional.of(2), Optional.empty(),
                Optional.empty(), Optional.empty()), cluster("enabled", null))))
                .isEqualTo(Fault.INVALID_PARAMETER_COMBINATION);
        assertThat(faultOf(() -> ClusterRules.forCreate(request(Optional.empty(), Optional.of(2), Optional.empty(),
                Optional.of(false), Optional.empty()), cluster(null, "default.redis7.cluster.on"))))
                .isEqualTo(Fault.INVALID_PARAMETER_COMBINATION);
        assertThat(faultOf(() -> ClusterRules.forCreate(request(Optional.empty(), Optional.of(2), Optional.of(0),
                Optional.empty(), Optional.of(true)), cluster("enabled", null))))
                .isEqualTo(Fault.INVALID_PARAMETER_COMBINATION);
        assertThat(faultOf(() -> ClusterRules.forCreate(request(Optional.empty(), Optional.of(2), Optional.of(6),
                Optional.empty(), Optional.empty()), cluster("enabled", null))))
                .isEqualTo(Fault.INVALID_PARAMETER_VALUE);
        assertThat(faultOf(() -> ClusterRules.forCreate(request(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()), cluster("sharded", null))))
                .isEqualTo(Fault.INVALID_PARAMETER_VALUE);
        assertThat(faultOf(() -> ClusterRules.forCreate(request(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()), cluster("enabled", "default.redis7"))))
                .isEqualTo(Fault.INVALID_PARAMETER_COMBINATION);
        // NumNodeGroups disagreeing with NodeGroupConfiguration.
        assertThat(faultOf(() -> ClusterRules.forCreate(request(Optional.empty(), Optional.of(3), Optional.empty(),
                Optional.empty(), Optional.empty()), cluster("enabled", null, group(null, null, 1)))))
                .isEqualTo(Fault.INVALID_PARAMETER_COMBINATION);
    }

    @Test
    void nodeGroupConfigurationZonesAreOnePerNodeInNodeOrderAndChecked() {
        ClusterRules.Request asked = cluster("enabled", null,
                new ClusterRules.NodeGroupRequest(Optional.empty(), Optional.of("0-8191"), Optional.of(2),
                        Optional.of("us-east-1b"), Optional.of(List.of("us-east-1c", "us-east-1d"))),
                group(null, "8192-16383", 1));
        ClusterRules.Layout layout = ClusterRules.forCreate(request(Optional.empty(), Optional.of(2), Optional.empty(),
                Optional.empty(), Optional.empty()), asked);
        // Shard 0001's primary and two replicas as asked; shard 0002 named none: the region's first zone.
        assertThat(ClusterRules.availabilityZones(asked, layout, "us-east-1"))
                .containsExactly("us-east-1b", "us-east-1c", "us-east-1d", "us-east-1a", "us-east-1a");
        assertThat(ClusterRules.availabilityZones(cluster("enabled", null, group(null, "0-16383", 1)), layout,
                "us-east-1")).isEmpty();
        ClusterRules.Request tooFew = cluster("enabled", null,
                new ClusterRules.NodeGroupRequest(Optional.empty(), Optional.of("0-8191"), Optional.of(2),
                        Optional.empty(), Optional.of(List.of("us-east-1c"))),
                group(null, "8192-16383", 1));
        assertThat(faultOf(() -> ClusterRules.availabilityZones(tooFew, layout, "us-east-1")))
                .isEqualTo(Fault.INVALID_PARAMETER_VALUE);
        ClusterRules.Request elsewhere = cluster("enabled", null,
                new ClusterRules.NodeGroupRequest(Optional.empty(), Optional.of("0-8191"), Optional.of(2),
                        Optional.of("eu-west-1a"), Optional.empty()),
                group(null, "8192-16383", 1));
        assertThat(faultOf(() -> ClusterRules.availabilityZones(elsewhere, layout, "us-east-1")))
                .isEqualTo(Fault.INVALID_PARAMETER_VALUE);
    }

    @Test
    void slotsMustCoverTheKeyspaceOnceAndParse() {
        assertThatThrownBy(() -> ClusterRules.forCreate(request(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()), cluster("enabled", null, group(null, "0-8000", null),
                group(null, "8000-16383", null)))).isInstanceOf(ElastiCacheFault.class).hasMessageContaining("overlap");
        assertThatThrownBy(() -> ClusterRules.forCreate(request(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()), cluster("enabled", null, group(null, "0-8000", null),
                group(null, "8002-16383", null)))).isInstanceOf(ElastiCacheFault.class).hasMessageContaining("8001");
        assertThatThrownBy(() -> ClusterRules.forCreate(request(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()), cluster("enabled", null, group(null, "0-16384", null))))
                .isInstanceOf(ElastiCacheFault.class).hasMessageContaining("Invalid Slots");
        assertThatThrownBy(() -> ClusterRules.forCreate(request(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()), cluster("enabled", null, group("12345", null, null))))
                .isInstanceOf(ElastiCacheFault.class).hasMessageContaining("NodeGroupId");
    }

    /** A stored group in the given mode. */
    static final class ClusterNodesFixture {
        static dev.cachewarden.domain.ReplicationGroup group(ClusterMode mode) {
            return new dev.cachewarden.domain.ReplicationGroup("rg", "d", dev.cachewarden.domain.Engine.REDIS, "7.0",
                    dev.cachewarden.domain.CacheStatus.AVAILABLE, true, null, List.of(), null,
                    List.of(new CacheNode("rg-0001-001", CacheNode.LOOPBACK, 40001, true)), 0L, false, 0,
                    dev.cachewarden.domain.AutomaticFailoverStatus.ENABLED, false, 40002, 0, false, null, null, null, null, mode);
        }
    }
}
