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
import software.amazon.awssdk.services.elasticache.model.AuthTokenUpdateStrategyType;
import software.amazon.awssdk.services.elasticache.model.CacheEngineVersion;
import software.amazon.awssdk.services.elasticache.model.ClusterMode;
import software.amazon.awssdk.services.elasticache.model.InvalidParameterCombinationException;
import software.amazon.awssdk.services.elasticache.model.InvalidParameterValueException;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;
import software.amazon.awssdk.services.elasticache.model.ServerlessCache;
import software.amazon.awssdk.services.elasticache.model.TransitEncryptionMode;

/**
 * The migrations of issue #11 on real nodes through the front, with redis-cli, one server for all
 * (CI's time): AUTH token ROTATE (both tokens valid) and SET, the move to a user group exactly as the
 * Terraform provider sends it (UserGroupIdsToAdd + AuthTokenUpdateStrategy=DELETE) and back
 * (RemoveUserGroups + AuthToken + SET); TLS turned on in place (preferred: plain and TLS clients, then
 * required: plain clients refused), keys kept and no node restarted; Redis OSS → Valkey on a two-node
 * group guarded by a user group (replica, failover, old primary), keys and users kept, INFO server
 * saying valkey; DescribeCacheEngineVersions listing the binaries found.
 */
class MigrationsIT {
    static final String A = "first-auth-token-0001";
    static final String B = "second-auth-token-002";
    static final String C = "third-auth-token-0003";
    static final String ALICE = "alice-password-0001";
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
                .passwords(ALICE));
        ec.createUser(r -> r.userId("nodefault").userName("default").engine("redis").accessString("off")
                .noPasswordRequired(true));
        ec.createUserGroup(r -> r.userGroupId("app").engine("redis").userIds("nodefault", "alice"));
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
    void rotateSetThenToRbacAndBack() {
        ec.createReplicationGroup(r -> r.replicationGroupId("tok").replicationGroupDescription("token")
                .numCacheClusters(1).transitEncryptionEnabled(true).authToken(A));
        int port = available("tok").nodeGroups().get(0).primaryEndpoint().port();
        assertThat(cli.token(port, A, "SET", "k", "v")).isEqualTo("OK");
        assertThat(cli.run(port, true, null, null, "GET", "k")).contains("NOAUTH");

        // ROTATE: the new token and the one before both work until the next change.
        ReplicationGroup rotating = ec.modifyReplicationGroup(r -> r.replicationGroupId("tok").applyImmediately(true)
                .authToken(B).authTokenUpdateStrategy(AuthTokenUpdateStrategyType.ROTATE)).replicationGroup();
        assertThat(rotating.status()).isEqualTo("modifying");
        assertThat(rotating.pendingModifiedValues().authTokenStatusAsString()).isEqualTo("ROTATING");
        ReplicationGroup rotated = available("tok");
        assertThat(rotated.pendingModifiedValues().authTokenStatus()).isNull();
        assertThat(rotated.authTokenEnabled()).isTrue();
        assertThat(rotated.authTokenLastModifiedDate()).isNotNull();
        assertThat(cli.token(port, A, "GET", "k")).isEqualTo("v");
        assertThat(cli.token(port, B, "GET", "k")).isEqualTo("v");

        // SET is allowed only with the token last rotated; then only that token works.
        assertThatThrownBy(() -> ec.modifyReplicationGroup(r -> r.replicationGroupId("tok").applyImmediately(true)
                .authToken(C).authTokenUpdateStrategy(AuthTokenUpdateStrategyType.SET)))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("last ROTATE");
        assertThat(ec.modifyReplicationGroup(r -> r.replicationGroupId("tok").applyImmediately(true)
                .authToken(B).authTokenUpdateStrategy(AuthTokenUpdateStrategyType.SET)).replicationGroup()
                .pendingModifiedValues().authTokenStatusAsString()).isEqualTo("SETTING");
        available("tok");
        assertThat(cli.token(port, A, "GET", "k")).contains("WRONGPASS");
        assertThat(cli.token(port, B, "GET", "k")).isEqualTo("v");

        // To RBAC: a user group without DELETE is refused in AWS's words; DELETE alone is refused too.
        assertThatThrownBy(() -> ec.modifyReplicationGroup(r -> r.replicationGroupId("tok").applyImmediately(true)
                .userGroupIdsToAdd("app")))
                .isInstanceOf(InvalidParameterCombinationException.class)
                .hasMessageContaining("User group can't be associated with auth token enabled. Pass AuthStrategy "
                        + "delete to proceed.");
        assertThatThrownBy(() -> ec.modifyReplicationGroup(r -> r.replicationGroupId("tok").applyImmediately(true)
                .authTokenUpdateStrategy(AuthTokenUpdateStrategyType.DELETE)))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("Auth token update strategy delete is not supported currently");
        // The Terraform provider's request: ApplyImmediately, UserGroupIdsToAdd, AuthTokenUpdateStrategy=DELETE.
        ec.modifyReplicationGroup(r -> r.replicationGroupId("tok").applyImmediately(true).userGroupIdsToAdd("app")
                .authTokenUpdateStrategy(AuthTokenUpdateStrategyType.DELETE));
        ReplicationGroup rbac = available("tok");
        assertThat(rbac.authTokenEnabled()).isFalse();
        assertThat(rbac.userGroupIds()).containsExactly("app");
        assertThat(cli.token(port, B, "GET", "k")).containsAnyOf("WRONGPASS", "NOAUTH");
        assertThat(cli.run(port, true, "alice", ALICE, "GET", "k")).isEqualTo("v");

        // And back: AuthToken alone is refused while the group is attached; with RemoveUserGroups it is AWS's way.
        assertThatThrownBy(() -> ec.modifyReplicationGroup(r -> r.replicationGroupId("tok").applyImmediately(true)
                .authToken(C).authTokenUpdateStrategy(AuthTokenUpdateStrategyType.SET)))
                .isInstanceOf(InvalidParameterCombinationException.class)
                .hasMessageContaining("Auth tokens can't be enabled with a user group already associated. Pass "
                        + "RemoveUserGroups to proceed.");
        ec.modifyReplicationGroup(r -> r.replicationGroupId("tok").applyImmediately(true).removeUserGroups(true)
                .authToken(C).authTokenUpdateStrategy(AuthTokenUpdateStrategyType.SET));
        ReplicationGroup back = available("tok");
        assertThat(back.authTokenEnabled()).isTrue();
        assertThat(back.userGroupIds()).isEmpty();
        assertThat(cli.token(port, C, "GET", "k")).isEqualTo("v");
        assertThat(cli.run(port, true, "alice", ALICE, "GET", "k")).containsAnyOf("WRONGPASS", "NOAUTH");
    }

    @Test
    void rotateOnAnOpenGroupKeepsItOpenUntilSet() {
        ec.createReplicationGroup(r -> r.replicationGroupId("open").replicationGroupDescription("open")
                .transitEncryptionEnabled(true));
        int port = available("open").nodeGroups().get(0).primaryEndpoint().port();
        ec.modifyReplicationGroup(r -> r.replicationGroupId("open").applyImmediately(true).authToken(A)
                .authTokenUpdateStrategy(AuthTokenUpdateStrategyType.ROTATE));
        assertThat(available("open").authTokenEnabled()).isTrue();
        assertThat(cli.run(port, true, null, null, "PING")).isEqualTo("PONG");
        // Redis refuses the one-argument AUTH while default has no password: AUTH default <token> works (docs/caches.md).
        assertThat(cli.run(port, true, "default", A, "PING")).isEqualTo("PONG");
        ec.modifyReplicationGroup(r -> r.replicationGroupId("open").applyImmediately(true).authToken(A)
                .authTokenUpdateStrategy(AuthTokenUpdateStrategyType.SET));
        available("open");
        assertThat(cli.run(port, true, null, null, "PING")).contains("NOAUTH");
        assertThat(cli.token(port, A, "PING")).isEqualTo("PONG");
    }

    @Test
    void preferredThenRequired() {
        ec.createReplicationGroup(r -> r.replicationGroupId("plain").replicationGroupDescription("no tls yet")
                .numCacheClusters(1));
        ReplicationGroup created = available("plain");
        int port = created.nodeGroups().get(0).primaryEndpoint().port();
        assertThat(created.transitEncryptionEnabled()).isFalse();
        assertThat(cli.run(port, false, null, null, "SET", "k", "v")).isEqualTo("OK");
        long pid = server.server().nodes().supervisor().pid("plain-001").orElseThrow();

        // AWS's order only: preferred first, never required straight from off.
        assertThatThrownBy(() -> ec.modifyReplicationGroup(r -> r.replicationGroupId("plain").applyImmediately(true)
                .transitEncryptionEnabled(true).transitEncryptionMode(TransitEncryptionMode.REQUIRED)))
                .isInstanceOf(InvalidParameterCombinationException.class).hasMessageContaining("preferred");
        assertThatThrownBy(() -> ec.modifyReplicationGroup(r -> r.replicationGroupId("plain").applyImmediately(true)
                .transitEncryptionMode(TransitEncryptionMode.PREFERRED)))
                .isInstanceOf(InvalidParameterCombinationException.class)
                .hasMessageContaining("TransitEncryptionEnabled=true");

        ReplicationGroup accepted = ec.modifyReplicationGroup(r -> r.replicationGroupId("plain").applyImmediately(true)
                .transitEncryptionEnabled(true).transitEncryptionMode(TransitEncryptionMode.PREFERRED)).replicationGroup();
        assertThat(accepted.status()).isEqualTo("modifying");
        assertThat(accepted.pendingModifiedValues().transitEncryptionEnabled()).isTrue();
        assertThat(accepted.pendingModifiedValues().transitEncryptionMode()).isEqualTo(TransitEncryptionMode.PREFERRED);
        ReplicationGroup preferred = available("plain");
        assertThat(preferred.pendingModifiedValues().transitEncryptionEnabled()).isNull();
        assertThat(preferred.pendingModifiedValues().transitEncryptionMode()).isNull();
        assertThat(preferred.transitEncryptionEnabled()).isTrue();
        assertThat(preferred.transitEncryptionMode()).isEqualTo(TransitEncryptionMode.PREFERRED);
        assertThat(cli.run(port, false, null, null, "GET", "k")).isEqualTo("v");
        assertThat(cli.run(port, true, null, null, "GET", "k")).isEqualTo("v");

        ec.modifyReplicationGroup(r -> r.replicationGroupId("plain").applyImmediately(true)
                .transitEncryptionEnabled(true).transitEncryptionMode(TransitEncryptionMode.REQUIRED));
        ReplicationGroup required = available("plain");
        assertThat(required.transitEncryptionMode()).isEqualTo(TransitEncryptionMode.REQUIRED);
        assertThat(cli.run(port, true, null, null, "GET", "k")).isEqualTo("v");
        assertThat(cli.run(port, false, null, null, "GET", "k")).isNotEqualTo("v");
        int nodePort = required.nodeGroups().get(0).nodeGroupMembers().get(0).readEndpoint().port();
        assertThat(cli.run(nodePort, true, null, null, "GET", "k")).isEqualTo("v");
        // The nodes were not restarted: only the front's listeners changed.
        assertThat(server.server().nodes().supervisor().pid("plain-001")).contains(pid);

        // Off again only through preferred.
        assertThatThrownBy(() -> ec.modifyReplicationGroup(r -> r.replicationGroupId("plain").applyImmediately(true)
                .transitEncryptionEnabled(false)))
                .isInstanceOf(InvalidParameterCombinationException.class).hasMessageContaining("preferred");
    }

    @Test
    void preferredOnCreateThenRequired() {
        assertThatThrownBy(() -> ec.createReplicationGroup(r -> r.replicationGroupId("pref-off")
                .replicationGroupDescription("mode without tls").transitEncryptionMode(TransitEncryptionMode.PREFERRED)))
                .isInstanceOf(InvalidParameterCombinationException.class)
                .hasMessageContaining("TransitEncryptionEnabled=true");
        ReplicationGroup asked = ec.createReplicationGroup(r -> r.replicationGroupId("pref")
                .replicationGroupDescription("preferred from the start").numCacheClusters(1)
                .transitEncryptionEnabled(true).transitEncryptionMode(TransitEncryptionMode.PREFERRED)).replicationGroup();
        assertThat(asked.transitEncryptionMode()).isEqualTo(TransitEncryptionMode.PREFERRED);
        ReplicationGroup created = available("pref");
        assertThat(created.transitEncryptionEnabled()).isTrue();
        assertThat(created.transitEncryptionMode()).isEqualTo(TransitEncryptionMode.PREFERRED);
        int port = created.nodeGroups().get(0).primaryEndpoint().port();
        int nodePort = created.nodeGroups().get(0).nodeGroupMembers().get(0).readEndpoint().port();
        // Both kinds of client on the group's endpoint and on the node's own.
        assertThat(cli.run(port, false, null, null, "SET", "k", "plain")).isEqualTo("OK");
        assertThat(cli.run(port, true, null, null, "GET", "k")).isEqualTo("plain");
        assertThat(cli.run(nodePort, false, null, null, "GET", "k")).isEqualTo("plain");
        assertThat(cli.run(nodePort, true, null, null, "GET", "k")).isEqualTo("plain");

        ReplicationGroup accepted = ec.modifyReplicationGroup(r -> r.replicationGroupId("pref").applyImmediately(true)
                .transitEncryptionEnabled(true).transitEncryptionMode(TransitEncryptionMode.REQUIRED)).replicationGroup();
        assertThat(accepted.status()).isEqualTo("modifying");
        assertThat(accepted.pendingModifiedValues().transitEncryptionMode()).isEqualTo(TransitEncryptionMode.REQUIRED);
        assertThat(accepted.pendingModifiedValues().transitEncryptionEnabled()).isTrue();
        ReplicationGroup required = available("pref");
        assertThat(required.transitEncryptionMode()).isEqualTo(TransitEncryptionMode.REQUIRED);
        assertThat(required.pendingModifiedValues().transitEncryptionMode()).isNull();
        assertThat(cli.run(port, true, null, null, "GET", "k")).isEqualTo("plain");
        assertThat(cli.run(port, false, null, null, "GET", "k")).isNotEqualTo("plain");
        assertThat(cli.run(nodePort, false, null, null, "GET", "k")).isNotEqualTo("plain");
    }

    @Test
    void disabledToCompatibleToEnabledKeepsKeysAndUsers() {
        ec.createReplicationGroup(r -> r.replicationGroupId("conv").replicationGroupDescription("to cluster mode")
                .numCacheClusters(2).automaticFailoverEnabled(true).transitEncryptionEnabled(true).userGroupIds("app")
                .cacheParameterGroupName("default.redis7"));
        int port = available("conv").nodeGroups().get(0).primaryEndpoint().port();
        List<String> mset = new java.util.ArrayList<>(List.of("MSET"));
        for (int i = 0; i < KEYS; i++) {
            mset.addAll(List.of("key:" + i, "v" + i));
        }
        assertThat(cli.run(port, true, "alice", ALICE, mset.toArray(String[]::new))).isEqualTo("OK");

        assertThatThrownBy(() -> ec.modifyReplicationGroup(r -> r.replicationGroupId("conv").applyImmediately(true)
                .clusterMode(ClusterMode.ENABLED)))
                .isInstanceOf(InvalidParameterCombinationException.class).hasMessageContaining("first set ClusterMode to compatible");
        assertThatThrownBy(() -> ec.modifyReplicationGroup(r -> r.replicationGroupId("conv").applyImmediately(true)
                .clusterMode(ClusterMode.COMPATIBLE).replicationGroupDescription("and this")))
                .isInstanceOf(InvalidParameterCombinationException.class).hasMessageContaining("ReplicationGroupDescription");
        // AWS converts only a cache whose keys are all in database 0: with one elsewhere nothing changes.
        assertThat(cli.run(port, true, "alice", ALICE, "-n", "1", "SET", "elsewhere", "x")).isEqualTo("OK");
        ec.modifyReplicationGroup(r -> r.replicationGroupId("conv").applyImmediately(true)
                .clusterMode(ClusterMode.COMPATIBLE));
        assertThat(available("conv").clusterMode()).isEqualTo(ClusterMode.DISABLED);
        assertThat(cli.run(port, true, "alice", ALICE, "-n", "1", "DEL", "elsewhere")).isEqualTo("1");
        ReplicationGroup accepted = ec.modifyReplicationGroup(r -> r.replicationGroupId("conv").applyImmediately(true)
                .clusterMode(ClusterMode.COMPATIBLE)).replicationGroup();
        assertThat(accepted.status()).isEqualTo("modifying");
        assertThat(accepted.clusterMode()).isEqualTo(ClusterMode.DISABLED);
        assertThat(accepted.pendingModifiedValues().clusterMode()).isEqualTo(ClusterMode.COMPATIBLE);

        ReplicationGroup compatible = available("conv");
        assertThat(compatible.clusterMode()).isEqualTo(ClusterMode.COMPATIBLE);
        assertThat(compatible.pendingModifiedValues().clusterMode()).isNull();
        assertThat(compatible.nodeGroups().get(0).primaryEndpoint().port()).isEqualTo(port);
        int configuration = compatible.configurationEndpoint().port();
        // The default parameter group becomes its cluster-enabled twin, as AWS picks it.
        assertThat(ec.describeCacheClusters(r -> r.cacheClusterId("conv-001")).cacheClusters().get(0)
                .cacheParameterGroup().cacheParameterGroupName()).isEqualTo("default.redis7.cluster.on");
        // A client without cluster support: every key, never a MOVED (the one shard has every slot).
        assertThat(cli.run(port, true, "alice", ALICE, "DBSIZE")).isEqualTo(Integer.toString(KEYS));
        for (int i = 0; i < KEYS; i += 37) {
            assertThat(cli.run(port, true, "alice", ALICE, "GET", "key:" + i)).isEqualTo("v" + i);
        }
        assertThat(cli.run(port, true, "alice", ALICE, "SET", "after", "conversion")).isEqualTo("OK");
        assertThat(cli.run(port, true, "alice", ALICE, "CLUSTER", "INFO")).contains("cluster_state:ok");
        assertThat(cli.run(port, true, "alice", "wrong-password-0001", "PING")).contains("WRONGPASS");
        // A cluster client through the ConfigurationEndpoint reads them all, from the primary and its replica.
        readAllWithClusterClient(configuration, 1);
        assertThatThrownBy(() -> ec.modifyReplicationGroup(r -> r.replicationGroupId("conv").applyImmediately(true)
                .engineVersion("7.0")))
                .isInstanceOf(InvalidParameterCombinationException.class).hasMessageContaining("compatible");
        assertThatThrownBy(() -> ec.increaseReplicaCount(r -> r.replicationGroupId("conv").newReplicaCount(2)
                .applyImmediately(true)))
                .isInstanceOf(InvalidParameterCombinationException.class).hasMessageContaining("compatible");

        ReplicationGroup enabling = ec.modifyReplicationGroup(r -> r.replicationGroupId("conv").applyImmediately(true)
                .clusterMode(ClusterMode.ENABLED)).replicationGroup();
        assertThat(enabling.pendingModifiedValues().clusterMode()).isEqualTo(ClusterMode.ENABLED);
        ReplicationGroup enabled = available("conv");
        assertThat(enabled.clusterMode()).isEqualTo(ClusterMode.ENABLED);
        assertThat(enabled.clusterEnabled()).isTrue();
        assertThat(enabled.configurationEndpoint().port()).isEqualTo(configuration);
        assertThatThrownBy(() -> ec.modifyReplicationGroup(r -> r.replicationGroupId("conv").applyImmediately(true)
                .clusterMode(ClusterMode.COMPATIBLE)))
                .isInstanceOf(InvalidParameterCombinationException.class).hasMessageContaining("once it is enabled");

        ec.modifyReplicationGroupShardConfiguration(r -> r.replicationGroupId("conv").nodeGroupCount(2)
                .applyImmediately(true));
        ReplicationGroup resharded = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(
                () -> ec.describeReplicationGroups(r -> r.replicationGroupId("conv")).replicationGroups().get(0),
                g -> g.status().equals("available"));
        assertThat(resharded.nodeGroups()).hasSize(2);
        readAllWithClusterClient(configuration, 2);
    }

    static final int KEYS = 300;

    /** Lettuce's RedisClusterClient as alice: every key readable, the cluster of {@code shards} masters. */
    static void readAllWithClusterClient(int configurationPort, int shards) {
        io.lettuce.core.cluster.RedisClusterClient client = io.lettuce.core.cluster.RedisClusterClient.create(
                io.lettuce.core.RedisURI.builder().withHost("127.0.0.1").withPort(configurationPort).withSsl(true)
                        .withVerifyPeer(io.lettuce.core.SslVerifyMode.FULL).withAuthentication("alice", ALICE)
                        .withTimeout(Duration.ofSeconds(3)).build());
        client.setOptions(io.lettuce.core.cluster.ClusterClientOptions.builder().sslOptions(io.lettuce.core.SslOptions
                .builder().jdkSslProvider().trustManager(server.server().nodes().caCertificate().toFile()).build()).build());
        try (var c = client.connect()) {
            assertThat(c.getPartitions().stream().filter(n -> n.is(
                    io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag.UPSTREAM)).count())
                    .isEqualTo(shards);
            for (int i = 0; i < KEYS; i++) {
                assertThat(c.sync().get("key:" + i)).as("key:%d", i).isEqualTo("v" + i);
            }
            assertThat(c.sync().get("after")).isEqualTo("conversion");
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
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
        // A Valkey cache runs valkey-server from the start.
        ec.createReplicationGroup(r -> r.replicationGroupId("vk").replicationGroupDescription("valkey").engine("valkey")
                .transitEncryptionEnabled(true));
        ReplicationGroup vk = available("vk");
        assertThat(vk.nodeGroups().get(0).nodeGroupMembers()).hasSize(1);
        assertThat(cli.run(vk.nodeGroups().get(0).primaryEndpoint().port(), true, null, null, "INFO", "server"))
                .contains("server_name:valkey");
    }

    @Test
    void redisToValkeyKeepsKeysAndUsers() {
        ec.createReplicationGroup(r -> r.replicationGroupId("up").replicationGroupDescription("to valkey")
                .numCacheClusters(2).transitEncryptionEnabled(true).userGroupIds("app"));
        ReplicationGroup created = available("up");
        int port = created.nodeGroups().get(0).primaryEndpoint().port();
        List<String> mset = new java.util.ArrayList<>(List.of("MSET"));
        for (int i = 0; i < 50; i++) {
            mset.addAll(List.of("k" + i, "v" + i));
        }
        assertThat(cli.run(port, true, "alice", ALICE, mset.toArray(String[]::new))).isEqualTo("OK");
        assertThat(cli.run(port, true, "alice", ALICE, "INFO", "server")).doesNotContain("server_name:valkey");

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
            assertThat(cli.run(nodePort, true, "alice", ALICE, "INFO", "server")).contains("server_name:valkey");
            assertThat(cli.run(nodePort, true, "alice", ALICE, "GET", "k49")).isEqualTo("v49");
        }
        assertThat(cli.run(port, true, "alice", ALICE, "DBSIZE")).isEqualTo("50");
        assertThat(cli.run(port, true, "alice", "wrong-password-0001", "PING")).contains("WRONGPASS");
        assertThat(ec.describeCacheClusters(r -> r.cacheClusterId("up-001")).cacheClusters().get(0).engineVersion())
                .isEqualTo(version);

        assertThatThrownBy(() -> ec.modifyReplicationGroup(r -> r.replicationGroupId("up").applyImmediately(true)
                .engine("redis")))
                .isInstanceOf(InvalidParameterCombinationException.class).hasMessageContaining("valkey to redis");
    }

    @Test
    void serverlessRedisToValkey() {
        ec.createServerlessCache(r -> r.serverlessCacheName("sls").engine("redis").userGroupId("app"));
        ServerlessCache created = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(
                () -> ec.describeServerlessCaches(r -> r.serverlessCacheName("sls")).serverlessCaches().get(0),
                c -> c.status().equals("available"));
        int port = created.endpoint().port();
        assertThat(cli.run(port, true, "alice", ALICE, "SET", "s", "kept")).isEqualTo("OK");
        assertThatThrownBy(() -> ec.modifyServerlessCache(r -> r.serverlessCacheName("sls").engine("valkey")
                .majorEngineVersion("9")))
                .isInstanceOf(InvalidParameterCombinationException.class).hasMessageContaining("Cannot find version 9");
        assertThat(ec.modifyServerlessCache(r -> r.serverlessCacheName("sls").engine("valkey").majorEngineVersion("8"))
                .serverlessCache().status()).isEqualTo("modifying");
        ServerlessCache upgraded = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(
                () -> ec.describeServerlessCaches(r -> r.serverlessCacheName("sls")).serverlessCaches().get(0),
                c -> c.status().equals("available"));
        assertThat(upgraded.engine()).isEqualTo("valkey");
        assertThat(upgraded.majorEngineVersion()).isEqualTo("8");
        assertThat(cli.run(port, true, "alice", ALICE, "INFO", "server")).contains("server_name:valkey");
        assertThat(cli.run(port, true, "alice", ALICE, "GET", "s")).isEqualTo("kept");
    }

    static ReplicationGroup available(String id) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(
                () -> ec.describeReplicationGroups(r -> r.replicationGroupId(id)).replicationGroups().get(0),
                g -> g.status().equals("available"));
    }
}
