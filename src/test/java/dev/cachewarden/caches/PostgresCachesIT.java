package dev.cachewarden.caches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.junit.Cachewarden;
import dev.cachewarden.postgres.PostgresCluster;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/** Replication groups and their user groups with the state in a real PostgreSQL (same SQL as H2). */
class PostgresCachesIT {
    @Test
    void replicationGroupLifecycleOnPostgres() throws Exception {
        PostgresCluster postgres = PostgresCluster.shared();
        try (Cachewarden server = Cachewarden.builder().databaseUrl(postgres.createDatabase(), PostgresCluster.USER, "")
                .reconcileInterval(Duration.ofSeconds(1)).start();
             RedisProbe redis = new RedisProbe(server.server().nodes().caCertificate())) {
            ElastiCacheClient ec = server.client();
            ec.createUser(r -> r.userId("pg-erin").userName("erin").engine("redis").accessString("on ~* +@all")
                    .passwords("erin-password-000001"));
            ec.createUserGroup(r -> r.userGroupId("pg-g").engine("redis").userIds("default"));
            await().atMost(Duration.ofSeconds(10)).until(() -> groupStatus(ec).equals("active"));
            ec.createReplicationGroup(r -> r.replicationGroupId("pg-rg").replicationGroupDescription("on postgres")
                    .replicasPerNodeGroup(1).transitEncryptionEnabled(true).userGroupIds("pg-g"));
            ReplicationGroup rg = await().atMost(Duration.ofSeconds(20)).until(() -> ec.describeReplicationGroups(
                    r -> r.replicationGroupId("pg-rg")).replicationGroups().get(0), g -> g.status().equals("available"));
            assertThat(ec.describeUserGroups(r -> r.userGroupId("pg-g")).userGroups().get(0).replicationGroups())
                    .containsExactly("pg-rg");

            ec.modifyUserGroup(r -> r.userGroupId("pg-g").userIdsToAdd("pg-erin"));
            await().atMost(Duration.ofSeconds(20)).until(() -> groupStatus(ec).equals("active"));
            for (var m : rg.nodeGroups().get(0).nodeGroupMembers()) {
                assertThat(redis.canAuthenticate(m.readEndpoint().port(), true, "erin", "erin-password-000001")).isTrue();
            }
            ec.deleteReplicationGroup(r -> r.replicationGroupId("pg-rg"));
            await().atMost(Duration.ofSeconds(20)).until(() -> ec.describeReplicationGroups(r -> { })
                    .replicationGroups().isEmpty());
        }
    }

    private static String groupStatus(ElastiCacheClient ec) {
        return ec.describeUserGroups(r -> r.userGroupId("pg-g")).userGroups().get(0).status();
    }
}
