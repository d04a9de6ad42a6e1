package dev.cachewarden.caches;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.e2e.Await;
import dev.cachewarden.junit.Cachewarden;
import io.lettuce.core.api.StatefulRedisConnection;
import dev.cachewarden.junit.CachewardenExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.NodeGroupMember;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/**
 * A slot no master claims while another master still sees it served: a state gossip never corrects
 * (the claiming side is gone), seen once in CI after a 3 → 2 shard scale-in, where the group then
 * stayed {@code modifying} for good. Made here on purpose (CLUSTER DELSLOTS on the slot's master, so
 * the other master keeps it in its view), then a modification's formation pass must find the slot and
 * have its shard claim it again.
 */
class ClusterLostSlotIT {
    static final String ALICE_PW = "alice-password-0001";
    static final int SLOT = 16383;

    @RegisterExtension
    static CachewardenExtension cw = CachewardenExtension.builder().reconcileInterval(Duration.ofMillis(500)).build();

    @Test
    void aSlotNoMasterClaimsIsClaimedAgainByItsShard(Cachewarden server, ElastiCacheClient ec) {
        try (RedisProbe probe = new RedisProbe(server.server().nodes().caCertificate())) {
            loseASlotThenModify(ec, probe);
        }
    }

    private static void loseASlotThenModify(ElastiCacheClient ec, RedisProbe probe) {
        ec.createUser(r -> r.userId("alice").userName("alice").engine("redis").accessString("on ~* +@all")
                .passwords(ALICE_PW));
        ec.createUserGroup(r -> r.userGroupId("g").engine("redis").userIds("default", "alice"));
        Await.userGroup(ec, "g", "active", Duration.ofSeconds(20));
        ec.createReplicationGroup(r -> r.replicationGroupId("lost").replicationGroupDescription("two shards")
                .engine("redis").cacheParameterGroupName("default.redis7.cluster.on").numNodeGroups(2)
                .replicasPerNodeGroup(1).transitEncryptionEnabled(true).userGroupIds("g"));
        ReplicationGroup rg = Await.replicationGroup(ec, "lost", "available", Duration.ofSeconds(120));
        int second = port(rg, "lost-0002-001");
        int first = port(rg, "lost-0001-001");

        try (StatefulRedisConnection<String, String> c = probe.connect(second, true, "alice", ALICE_PW)) {
            assertThat(c.sync().clusterDelSlots(SLOT)).isEqualTo("OK");
            assertThat(c.sync().clusterInfo()).contains("cluster_slots_assigned:16383");
        }
        try (StatefulRedisConnection<String, String> c = probe.connect(first, true, "alice", ALICE_PW)) {
            assertThat(c.sync().clusterInfo()).contains("cluster_slots_assigned:16384");
        }

        ec.increaseReplicaCount(r -> r.replicationGroupId("lost").newReplicaCount(2).applyImmediately(true));
        Await.replicationGroup(ec, "lost", "available", Duration.ofSeconds(120));
        try (StatefulRedisConnection<String, String> c = probe.connect(second, true, "alice", ALICE_PW)) {
            assertThat(c.sync().clusterInfo()).contains("cluster_state:ok", "cluster_slots_assigned:16384");
            assertThat(c.sync().clusterNodes().lines().filter(l -> l.contains("myself")).findFirst().orElseThrow())
                    .contains("-" + SLOT);
        }
    }

    private static int port(ReplicationGroup rg, String member) {
        return rg.nodeGroups().stream().flatMap(g -> g.nodeGroupMembers().stream())
                .filter(m -> m.cacheClusterId().equals(member)).map(NodeGroupMember::readEndpoint).findFirst()
                .orElseThrow().port();
    }
}
