package dev.cachewarden.caches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.e2e.TestServer;
import dev.cachewarden.engine.Ports;
import dev.cachewarden.server.CacheConfig;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.NodeGroupMember;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;
import software.amazon.awssdk.services.elasticache.model.UserGroup;

/**
 * The "Done when" flow end to end: the AWS SDK against cachewarden, real redis-server nodes
 * (a TLS primary and two replicas), and Lettuce authenticating as the managed users.
 */
class ReplicationGroupAclTest {
    static final String ALICE_PW = "alice-password-0001";
    static final String BOB_PW = "bob-password-000001";
    static final String BOB_PW2 = "bob-password-000002";

    @TempDir
    static Path dataDir;
    static TestServer server;
    static ElastiCacheClient ec;
    static RedisProbe redis;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.builder().dataDir(dataDir)
                .caches(new CacheConfig(null, Duration.ofMillis(500))).start();
        ec = server.client();
        redis = new RedisProbe(dataDir.resolve("tls/ca.crt"));
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
    void userGroupIsEnforcedOnEveryNodeThroughItsWholeLifecycle() throws Exception {
        ec.createUser(r -> r.userId("alice").userName("alice").engine("redis").accessString("on ~* +@all")
                .passwords(ALICE_PW));
        ec.createUser(r -> r.userId("bob").userName("bob").engine("redis").accessString("on ~* +@all")
                .passwords(BOB_PW));
        ec.createUserGroup(r -> r.userGroupId("g").engine("redis").userIds("default", "alice"));
        awaitGroup("g", "active");

        ReplicationGroup creating = ec.createReplicationGroup(r -> r.replicationGroupId("rg")
                .replicationGroupDescription("done-when flow").engine("redis").numCacheClusters(3)
                .transitEncryptionEnabled(true).userGroupIds("g")).replicationGroup();
        assertThat(creating.status()).isEqualTo("creating");
        ReplicationGroup rg = awaitReplicationGroup("rg", "available");
        List<NodeGroupMember> members = rg.nodeGroups().get(0).nodeGroupMembers();
        assertThat(members).hasSize(3);
        assertThat(members).extracting(NodeGroupMember::currentRole).containsExactly("primary", "replica", "replica");
        assertThat(rg.userGroupIds()).containsExactly("g");
        List<Integer> ports = members.stream().map(m -> m.readEndpoint().port()).toList();
        assertThat(ec.describeUserGroups(r -> r.userGroupId("g")).userGroups().get(0).replicationGroups())
                .containsExactly("rg");

        for (int port : ports) {
            assertThat(redis.canAuthenticate(port, true, "alice", ALICE_PW)).as("alice on %d", port).isTrue();
            assertThat(redis.canAuthenticate(port, true, "bob", BOB_PW)).as("bob on %d", port).isFalse();
            // g's default is the built-in one (on, no password): as on AWS, clients need no AUTH.
            assertThat(redis.canAuthenticate(port, true, null, null)).as("default on %d", port).isTrue();
        }
        // The replicas follow the primary.
        try (StatefulRedisConnection<String, String> primary = redis.connect(ports.get(0), true, "alice", ALICE_PW)) {
            primary.sync().set("k", "v");
        }
        for (int port : ports.subList(1, 3)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                try (var c = redis.connect(port, true, "alice", ALICE_PW)) {
                    return "v".equals(c.sync().get("k"));
                }
            });
        }
    }

    static UserGroup awaitGroup(String id, String status) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> ec.describeUserGroups(r -> r.userGroupId(id)).userGroups().get(0),
                        g -> g.status().equals(status));
    }

    static ReplicationGroup awaitReplicationGroup(String id, String status) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> ec.describeReplicationGroups(r -> r.replicationGroupId(id)).replicationGroups().get(0),
                        g -> g.status().equals(status));
    }
}
