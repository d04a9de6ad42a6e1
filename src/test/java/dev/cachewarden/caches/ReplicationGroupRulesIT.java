package dev.cachewarden.caches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.e2e.Await;
import dev.cachewarden.junit.Cachewarden;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.CacheCluster;
import software.amazon.awssdk.services.elasticache.model.CacheClusterNotFoundException;
import software.amazon.awssdk.services.elasticache.model.InsufficientCacheClusterCapacityException;
import software.amazon.awssdk.services.elasticache.model.InvalidParameterCombinationException;
import software.amazon.awssdk.services.elasticache.model.InvalidParameterValueException;
import software.amazon.awssdk.services.elasticache.model.InvalidReplicationGroupStateException;
import software.amazon.awssdk.services.elasticache.model.InvalidUserGroupStateException;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroupAlreadyExistsException;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroupNotFoundException;
import software.amazon.awssdk.services.elasticache.model.UserGroupNotFoundException;

/** AWS's rules for replication groups and their user groups, and attach/detach made real on a node. */
class ReplicationGroupRulesIT {
    static Cachewarden server;
    static ElastiCacheClient ec;
    static RedisProbe redis;

    @BeforeAll
    static void start() throws Exception {
        // A transition delay long enough to observe creating/modifying states.
        server = Cachewarden.builder().transitionDelay(Duration.ofMillis(800))
                .reconcileInterval(Duration.ofSeconds(1)).start();
        ec = server.client();
        redis = new RedisProbe(server.server().nodes().caCertificate());
        ec.createUser(r -> r.userId("owner").userName("default").engine("redis").accessString("on ~* +@all")
                .passwords("owner-password-00001"));
        ec.createUserGroup(r -> r.userGroupId("guarded").engine("redis").userIds("owner"));
        ec.createUserGroup(r -> r.userGroupId("other").engine("redis").userIds("default"));
        ec.createUser(r -> r.userId("vk").userName("vk").engine("valkey").accessString("on ~* +@all")
                .passwords("valkey-password-0001"));
        ec.createUserGroup(r -> r.userGroupId("vgroup").engine("valkey").userIds("vk"));
        for (String g : new String[] {"guarded", "other", "vgroup"}) {
            awaitGroup(g, "active");
        }
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void refusesWhatAwsRefuses() {
        assertThatThrownBy(() -> ec.createReplicationGroup(r -> r.replicationGroupId("plain").replicationGroupDescription("x")
                .userGroupIds("guarded")))
                .isInstanceOf(InvalidParameterCombinationException.class)
                .hasMessageContaining("requires encryption-in-transit");
        assertThatThrownBy(() -> ec.createReplicationGroup(r -> r.replicationGroupId("nogroup").replicationGroupDescription("x")
                .transitEncryptionEnabled(true).userGroupIds("missing")))
                .isInstanceOf(UserGroupNotFoundException.class);
        assertThatThrownBy(() -> ec.createReplicationGroup(r -> r.replicationGroupId("two").replicationGroupDescription("x")
                .transitEncryptionEnabled(true).userGroupIds("guarded", "other")))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("only one user group");
        assertThatThrownBy(() -> ec.createReplicationGroup(r -> r.replicationGroupId("mixed").replicationGroupDescription("x")
                .engine("redis").transitEncryptionEnabled(true).userGroupIds("vgroup")))
                .isInstanceOf(InvalidParameterCombinationException.class).hasMessageContaining("VALKEY");
        // Versions compare number by number: 5.10 is before 6.0, and a misspelt version is refused as such.
        assertThatThrownBy(() -> ec.createReplicationGroup(r -> r.replicationGroupId("old").replicationGroupDescription("x")
                .engineVersion("5.10").transitEncryptionEnabled(true).userGroupIds("guarded")))
                .isInstanceOf(InvalidParameterCombinationException.class)
                .hasMessageContaining("requires redis engine version 6.0 or later");
        assertThatThrownBy(() -> ec.createReplicationGroup(r -> r.replicationGroupId("typo").replicationGroupDescription("x")
                .engineVersion("7.0.x").transitEncryptionEnabled(true).userGroupIds("guarded")))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("Invalid EngineVersion '7.0.x'.");
        // Three shards need cluster mode (ClusterModeIT builds them); with it disabled they cannot be.
        assertThatThrownBy(() -> ec.createReplicationGroup(r -> r.replicationGroupId("shards").replicationGroupDescription("x")
                .numNodeGroups(3).clusterMode("disabled")))
                .isInstanceOf(InvalidParameterCombinationException.class);
        assertThatThrownBy(() -> ec.describeReplicationGroups(r -> r.replicationGroupId("nope")))
                .isInstanceOf(ReplicationGroupNotFoundException.class);
        assertThatThrownBy(() -> ec.describeCacheClusters(r -> r.cacheClusterId("nope-001")))
                .isInstanceOf(CacheClusterNotFoundException.class);
        assertThatThrownBy(() -> ec.deleteReplicationGroup(r -> r.replicationGroupId("nope")))
                .isInstanceOf(ReplicationGroupNotFoundException.class);

        ec.createReplicationGroup(r -> r.replicationGroupId("busy").replicationGroupDescription("x"));
        assertThatThrownBy(() -> ec.createReplicationGroup(r -> r.replicationGroupId("BUSY").replicationGroupDescription("x")))
                .isInstanceOf(ReplicationGroupAlreadyExistsException.class);
        assertThatThrownBy(() -> ec.modifyReplicationGroup(r -> r.replicationGroupId("busy").replicationGroupDescription("y")))
                .isInstanceOf(InvalidReplicationGroupStateException.class);
        awaitReplicationGroup("busy", "available");
        assertThatThrownBy(() -> ec.modifyReplicationGroup(r -> r.replicationGroupId("busy").applyImmediately(true)))
                .isInstanceOf(InvalidParameterCombinationException.class)
                .hasMessageContaining("No modifications were requested");
        assertThatThrownBy(() -> ec.modifyReplicationGroup(r -> r.replicationGroupId("busy").userGroupIdsToAdd("guarded")))
                .isInstanceOf(InvalidParameterCombinationException.class)
                .hasMessageContaining("requires encryption-in-transit");
        ec.deleteReplicationGroup(r -> r.replicationGroupId("busy"));
        awaitGone("busy");
    }

    @Test
    void attachAndDetachChangeWhoMayConnect() {
        ReplicationGroup created = ec.createReplicationGroup(r -> r.replicationGroupId("switch")
                .replicationGroupDescription("attach later").replicasPerNodeGroup(1).transitEncryptionEnabled(true))
                .replicationGroup();
        assertThat(created.memberClusters()).containsExactly("switch-001", "switch-002");
        awaitReplicationGroup("switch", "available");
        CacheCluster replica = ec.describeCacheClusters(r -> r.cacheClusterId("switch-002").showCacheNodeInfo(true))
                .cacheClusters().get(0);
        assertThat(replica.replicationGroupId()).isEqualTo("switch");
        int port = replica.cacheNodes().get(0).endpoint().port();
        assertThat(redis.canAuthenticate(port, true, null, null)).as("open before attaching").isTrue();

        ReplicationGroup attaching = ec.modifyReplicationGroup(r -> r.replicationGroupId("switch")
                .userGroupIdsToAdd("guarded").applyImmediately(true)).replicationGroup();
        assertThat(attaching.status()).isEqualTo("modifying");
        assertThat(attaching.userGroupIds()).isEmpty();
        assertThat(attaching.pendingModifiedValues().userGroups().userGroupIdsToAdd()).containsExactly("guarded");
        assertThat(ec.describeUserGroups(r -> r.userGroupId("guarded")).userGroups().get(0).replicationGroups())
                .containsExactly("switch");
        assertThatThrownBy(() -> ec.deleteUserGroup(r -> r.userGroupId("guarded")))
                .isInstanceOf(InvalidUserGroupStateException.class);

        ReplicationGroup attached = awaitReplicationGroup("switch", "available");
        assertThat(attached.userGroupIds()).containsExactly("guarded");
        assertThat(redis.canAuthenticate(port, true, null, null)).as("no AUTH once attached").isFalse();
        assertThat(redis.canAuthenticate(port, true, "default", "owner-password-00001")).isTrue();
        assertThatThrownBy(() -> ec.modifyReplicationGroup(r -> r.replicationGroupId("switch").userGroupIdsToAdd("other")))
                .isInstanceOf(InvalidParameterCombinationException.class).hasMessageContaining("only one user group");

        ec.modifyReplicationGroup(r -> r.replicationGroupId("switch").removeUserGroups(true));
        ReplicationGroup detached = awaitReplicationGroup("switch", "available");
        assertThat(detached.userGroupIds()).isEmpty();
        assertThat(redis.canAuthenticate(port, true, null, null)).as("open again once detached").isTrue();
        assertThat(ec.describeUserGroups(r -> r.userGroupId("guarded")).userGroups().get(0).replicationGroups()).isEmpty();

        ec.deleteReplicationGroup(r -> r.replicationGroupId("switch"));
        awaitGone("switch");
    }

    @Test
    void authTokenGuardsDefaultAndTagsAreKept() {
        ReplicationGroup created = ec.createReplicationGroup(r -> r.replicationGroupId("token")
                .replicationGroupDescription("auth token").transitEncryptionEnabled(true)
                .authToken("a-long-auth-token-0001").tags(t -> t.key("team").value("ops"))).replicationGroup();
        assertThat(created.authTokenEnabled()).isTrue();
        ReplicationGroup rg = awaitReplicationGroup("token", "available");
        int port = rg.nodeGroups().get(0).primaryEndpoint().port();
        assertThat(redis.canAuthenticate(port, true, null, null)).isFalse();
        assertThat(redis.canAuthenticate(port, true, "default", "a-long-auth-token-0001")).isTrue();
        assertThat(ec.listTagsForResource(r -> r.resourceName(rg.arn())).tagList())
                .extracting(t -> t.key() + "=" + t.value()).containsExactly("team=ops");
        assertThatThrownBy(() -> ec.createReplicationGroup(r -> r.replicationGroupId("both")
                .replicationGroupDescription("x").transitEncryptionEnabled(true).authToken("a-long-auth-token-0001")
                .userGroupIds("guarded")))
                .isInstanceOf(InvalidParameterCombinationException.class);
        ec.deleteReplicationGroup(r -> r.replicationGroupId("token"));
        awaitGone("token");
    }

    @Test
    void aMissingEngineBinaryIsNamed() throws Exception {
        try (Cachewarden noEngine = Cachewarden.builder()
                .engineBinary(Path.of("/nonexistent/redis-server")).reconcileInterval(Duration.ofSeconds(10)).start()) {
            assertThatThrownBy(() -> noEngine.client().createReplicationGroup(r -> r.replicationGroupId("x")
                    .replicationGroupDescription("x")))
                    .isInstanceOf(InsufficientCacheClusterCapacityException.class)
                    .hasMessageContaining("/nonexistent/redis-server");
        }
    }

    static void awaitGroup(String id, String status) {
        Await.userGroup(ec, id, status, Duration.ofSeconds(20));
    }

    static ReplicationGroup awaitReplicationGroup(String id, String status) {
        return Await.replicationGroup(ec, id, status, Duration.ofSeconds(20));
    }

    static void awaitGone(String id) {
        Await.replicationGroupGone(ec, id, Duration.ofSeconds(20));
    }

    @Test
    void describePageSizesFollowTheModelsConstraints() {
        // The model: "Default: 100 Constraints: minimum 20; maximum 100." for both Describe actions.
        assertThatThrownBy(() -> ec.describeReplicationGroups(r -> r.maxRecords(19)))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("MaxRecords");
        assertThatThrownBy(() -> ec.describeCacheClusters(r -> r.maxRecords(101)))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("MaxRecords");
        assertThat(ec.describeReplicationGroups(r -> r.maxRecords(20)).sdkHttpResponse().statusCode()).isEqualTo(200);
        assertThat(ec.describeCacheClusters(r -> r.maxRecords(100)).sdkHttpResponse().statusCode()).isEqualTo(200);
    }
}
