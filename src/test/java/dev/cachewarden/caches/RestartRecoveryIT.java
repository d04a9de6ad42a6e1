package dev.cachewarden.caches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.junit.Cachewarden;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.NodeGroupMember;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/** After cachewarden restarts, its nodes run again with their ACLs and a change in flight completes. */
class RestartRecoveryIT {
    @TempDir
    Path dataDir;

    @Test
    void nodesComeBackAndAPendingGroupChangeCompletes() throws Exception {
        List<Integer> ports;
        try (Cachewarden first = Cachewarden.builder().dataDir(dataDir).transitionDelay(Duration.ofMillis(300))
                .reconcileInterval(Duration.ofSeconds(1)).start()) {
            ElastiCacheClient ec = first.client();
            ec.createUser(r -> r.userId("carol").userName("carol").engine("redis").accessString("on ~* +@all")
                    .passwords("carol-password-00001"));
            ec.createUser(r -> r.userId("dave").userName("dave").engine("redis").accessString("on ~* +@all")
                    .passwords("dave-password-000001"));
            ec.createUserGroup(r -> r.userGroupId("team").engine("redis").userIds("default", "carol"));
            await().atMost(Duration.ofSeconds(10)).until(() -> status(ec, "team").equals("active"));
            ec.createReplicationGroup(r -> r.replicationGroupId("durable").replicationGroupDescription("survives")
                    .numCacheClusters(2).transitEncryptionEnabled(true).userGroupIds("team"));
            ReplicationGroup rg = await().atMost(Duration.ofSeconds(20)).until(() -> ec.describeReplicationGroups(
                    r -> r.replicationGroupId("durable")).replicationGroups().get(0), g -> g.status().equals("available"));
            ports = rg.nodeGroups().get(0).nodeGroupMembers().stream().map(m -> m.readEndpoint().port()).toList();
        }
        // Stopped with the server: the nodes are down. The change below is accepted while the nodes are down,
        // and stays modifying until a server is back to apply it.
        try (Cachewarden second = Cachewarden.builder().dataDir(dataDir).transitionDelay(Duration.ofSeconds(4))
                .reconcileInterval(Duration.ofSeconds(1)).start()) {
            second.client().modifyUserGroup(r -> r.userGroupId("team").userIdsToAdd("dave").userIdsToRemove("carol"));
            assertThat(status(second.client(), "team")).isEqualTo("modifying");
        }
        try (Cachewarden third = Cachewarden.builder().dataDir(dataDir).transitionDelay(Duration.ZERO)
                .reconcileInterval(Duration.ofSeconds(1)).start();
             RedisProbe redis = new RedisProbe(dataDir.resolve("tls/ca.crt"))) {
            ElastiCacheClient ec = third.client();
            await().atMost(Duration.ofSeconds(45)).until(() -> status(ec, "team").equals("active"));
            ReplicationGroup rg = ec.describeReplicationGroups(r -> r.replicationGroupId("durable")).replicationGroups().get(0);
            assertThat(rg.status()).isEqualTo("available");
            assertThat(rg.nodeGroups().get(0).nodeGroupMembers()).extracting(m -> m.readEndpoint().port())
                    .containsExactlyElementsOf(ports);
            for (NodeGroupMember m : rg.nodeGroups().get(0).nodeGroupMembers()) {
                int port = m.readEndpoint().port();
                assertThat(redis.canAuthenticate(port, true, "dave", "dave-password-000001")).as("dave on %d", port).isTrue();
                assertThat(redis.canAuthenticate(port, true, "carol", "carol-password-00001")).as("carol on %d", port).isFalse();
            }
            ec.deleteReplicationGroup(r -> r.replicationGroupId("durable"));
            await().atMost(Duration.ofSeconds(20)).until(() -> ec.describeReplicationGroups(r -> { })
                    .replicationGroups().isEmpty());
        }
    }

    private static String status(ElastiCacheClient ec, String groupId) {
        return ec.describeUserGroups(r -> r.userGroupId(groupId)).userGroups().get(0).status();
    }
}
