package dev.cachewarden.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.junit.Cachewarden;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.CacheEngineVersion;
import software.amazon.awssdk.services.elasticache.model.InvalidParameterCombinationException;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/**
 * Redis OSS → Valkey on a real two-node group guarded by a user group: the nodes are replaced one by
 * one (replica, then a failover to it, then the old primary) by a real valkey-server; the keys and the
 * ACL users are all still there, INFO server says valkey. DescribeCacheEngineVersions lists what runs here.
 */
class ValkeyUpgradeIT {
    static final String PASSWORD = "alice-password-0001";
    static Cachewarden server;
    static ElastiCacheClient ec;
    static RedisCli cli;

    @BeforeAll
    static void start() {
        server = Cachewarden.builder().transitionDelay(Duration.ofMillis(100))
                .reconcileInterval(Duration.ofSeconds(1)).start();
        ec = server.client();
        cli = new RedisCli(server.server().nodes().caCertificate());
        ec.createUser(r -> r.userId("alice").userName("alice").engine("redis").accessString("on ~* +@all")
                .passwords(PASSWORD));
        ec.createUserGroup(r -> r.userGroupId("app").engine("redis").userIds("default", "alice"));
        await().atMost(Duration.ofSeconds(20)).until(() -> ec.describeUserGroups(r -> r.userGroupId("app"))
                .userGroups().get(0).status().equals("active"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void engineVersionsAreTheBinariesFound() {
        List<CacheEngineVersion> all = ec.describeCacheEngineVersions(r -> { }).cacheEngineVersions();
        assertThat(all).extracting(CacheEngineVersion::engine).contains("redis", "valkey");
        CacheEngineVersion valkey = ec.describeCacheEngineVersions(r -> r.engine("valkey")).cacheEngineVersions().get(0);
        assertThat(valkey.engineVersion()).startsWith("8.");
        assertThat(valkey.cacheParameterGroupFamily()).isEqualTo("valkey8");
        assertThat(ec.describeCacheEngineVersions(r -> r.engine("redis").engineVersion("5.0.6")).cacheEngineVersions())
                .isEmpty();
    }

    @Test
    void redisToValkeyKeepsKeysAndUsers() {
        ec.createReplicationGroup(r -> r.replicationGroupId("up").replicationGroupDescription("to valkey")
                .numCacheClusters(2).transitEncryptionEnabled(true).userGroupIds("app"));
        ReplicationGroup created = available("up");
        int port = created.nodeGroups().get(0).primaryEndpoint().port();
        for (int i = 0; i < 50; i++) {
            assertThat(cli.run(port, true, "alice", PASSWORD, "SET", "k" + i, "v" + i)).isEqualTo("OK");
        }
        assertThat(cli.run(port, true, "alice", PASSWORD, "INFO", "server")).doesNotContain("server_name:valkey");

        assertThatThrownBy(() -> ec.modifyReplicationGroup(r -> r.replicationGroupId("up").applyImmediately(true)
                .engine("valkey").engineVersion("9.9")))
                .isInstanceOf(InvalidParameterCombinationException.class)
                .hasMessageContaining("Cannot find version 9.9 for valkey");
        assertThatThrownBy(() -> ec.modifyReplicationGroup(r -> r.replicationGroupId("up").applyImmediately(true)
                .engineVersion("6.2")))
                .isInstanceOf(InvalidParameterCombinationException.class).hasMessageContaining("downgrade");

        String version = ec.describeCacheEngineVersions(r -> r.engine("valkey")).cacheEngineVersions().get(0)
                .engineVersion();
        ReplicationGroup accepted = ec.modifyReplicationGroup(r -> r.replicationGroupId("up").applyImmediately(true)
                .engine("valkey").engineVersion(version.substring(0, 3))).replicationGroup();
        assertThat(accepted.status()).isEqualTo("modifying");
        ReplicationGroup upgraded = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(
                () -> ec.describeReplicationGroups(r -> r.replicationGroupId("up")).replicationGroups().get(0),
                g -> g.status().equals("available"));
        assertThat(upgraded.engine()).isEqualTo("valkey");
        for (int nodePort : upgraded.nodeGroups().get(0).nodeGroupMembers().stream()
                .map(m -> m.readEndpoint().port()).toList()) {
            assertThat(cli.run(nodePort, true, "alice", PASSWORD, "INFO", "server")).contains("server_name:valkey");
            assertThat(cli.run(nodePort, true, "alice", PASSWORD, "GET", "k49")).isEqualTo("v49");
        }
        assertThat(cli.run(port, true, "alice", PASSWORD, "DBSIZE")).isEqualTo("50");
        assertThat(cli.run(port, true, "alice", "wrong-password-0001", "PING")).contains("WRONGPASS");
        assertThat(ec.describeCacheClusters(r -> r.cacheClusterId("up-001")).cacheClusters().get(0).engineVersion())
                .isEqualTo(version);

        assertThatThrownBy(() -> ec.modifyReplicationGroup(r -> r.replicationGroupId("up").applyImmediately(true)
                .engine("redis")))
                .isInstanceOf(InvalidParameterCombinationException.class).hasMessageContaining("valkey to redis");
    }

    static ReplicationGroup available(String id) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(
                () -> ec.describeReplicationGroups(r -> r.replicationGroupId(id)).replicationGroups().get(0),
                g -> g.status().equals("available"));
    }
}
