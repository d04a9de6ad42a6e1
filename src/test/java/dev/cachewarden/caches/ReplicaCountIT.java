package dev.cachewarden.caches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.e2e.Await;
import dev.cachewarden.engine.node.NodeSupervisor;
import dev.cachewarden.engine.node.Ports;
import dev.cachewarden.junit.Cachewarden;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.CacheCluster;
import software.amazon.awssdk.services.elasticache.model.InvalidParameterValueException;
import software.amazon.awssdk.services.elasticache.model.NodeGroup;
import software.amazon.awssdk.services.elasticache.model.NodeGroupMember;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/**
 * IncreaseReplicaCount and DecreaseReplicaCount on real nodes, with an RBAC user writing through the
 * primary endpoint all along: a new replica copies the data and enforces the user group before it is
 * listed available; a removed one is stopped and its endpoint closed.
 */
class ReplicaCountIT {
    static final String ALICE_PW = "alice-password-0001";

    /** Generous: the first cache pays for the CA, the node certificates and TLS on a shared 2-core machine. */
    static final Duration CREATE = Duration.ofSeconds(90);

    @TempDir
    static Path dataDir;
    static Cachewarden server;
    static ElastiCacheClient ec;
    static RedisProbe redis;

    @BeforeAll
    static void start() throws Exception {
        server = Cachewarden.builder().dataDir(dataDir).reconcileInterval(Duration.ofSeconds(10)).start();
        ec = server.client();
        redis = new RedisProbe(server.server().nodes().caCertificate());
        ec.createUser(r -> r.userId("alice").userName("alice").engine("redis").accessString("on ~* +@all")
                .passwords(ALICE_PW));
        ec.createUserGroup(r -> r.userGroupId("g").engine("redis").userIds("default", "alice"));
        Await.userGroup(ec, "g", "active", Duration.ofSeconds(20));
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

    static String get(int port, String key) {
        try (StatefulRedisConnection<String, String> c = redis.connect(port, true, "alice", ALICE_PW)) {
            return c.sync().get(key);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Test
    void replicasAreAddedWithTheirAclAndRemovedWhileAUserWrites() throws Exception {
        ec.createReplicationGroup(r -> r.replicationGroupId("rc").replicationGroupDescription("replica counts")
                .engine("redis").numCacheClusters(2).transitEncryptionEnabled(true).userGroupIds("g")
                .automaticFailoverEnabled(true));
        ReplicationGroup rg = Await.replicationGroup(ec, "rc", "available", CREATE);
        int primaryEndpoint = rg.nodeGroups().get(0).primaryEndpoint().port();

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        AtomicReference<String> failure = new AtomicReference<>();
        // A refused AUTH or write fails the test; a connection lost on this loaded machine is made again.
        Thread client = Thread.ofVirtual().start(() -> {
            while (running.get()) {
                try (StatefulRedisConnection<String, String> c = redis.connect(primaryEndpoint, true, "alice", ALICE_PW)) {
                    while (running.get()) {
                        int n = written.get();
                        c.sync().set("w" + n, "v" + n);
                        written.incrementAndGet();
                    }
                } catch (io.lettuce.core.RedisCommandExecutionException e) {
                    failure.set(String.valueOf(e));
                    return;
                } catch (RuntimeException e) {
                    if (String.valueOf(e).contains("WRONGPASS") || String.valueOf(e).contains("NOPERM")) {
                        failure.set(String.valueOf(e));
                        return;
                    }
                }
            }
        });

        ReplicationGroup increasing = ec.increaseReplicaCount(r -> r.replicationGroupId("rc").newReplicaCount(3)
                .applyImmediately(true)).replicationGroup();
        assertThat(increasing.status()).isEqualTo("modifying");
        // NodeGroup.Status is "the current state of this replication group" (the model), without cluster mode too.
        assertThat(increasing.nodeGroups()).extracting(NodeGroup::status).containsExactly("modifying");
        assertThat(increasing.memberClusters()).containsExactly("rc-001", "rc-002", "rc-003", "rc-004");
        CacheCluster added = ec.describeCacheClusters(r -> r.cacheClusterId("rc-004")).cacheClusters().get(0);
        assertThat(added.cacheClusterStatus()).isIn("creating", "available");
        ReplicationGroup grown = Await.replicationGroup(ec, "rc", "available", CREATE);
        List<NodeGroupMember> members = grown.nodeGroups().get(0).nodeGroupMembers();
        assertThat(members).extracting(NodeGroupMember::currentRole)
                .containsExactly("primary", "replica", "replica", "replica");
        int newPort = FailoverIT.port(grown, "rc-004");
        // Listed available: it already enforces the group and holds the data.
        assertThat(redis.canAuthenticate(newPort, true, "alice", ALICE_PW)).isTrue();
        assertThat(redis.canAuthenticate(newPort, true, "alice", "not-alice-password")).isFalse();
        Await.until(Duration.ofSeconds(10), () -> written.get() > 0);
        int seen = written.get();
        assertThat(failure.get()).as("alice's writes through the primary endpoint").isNull();
        Await.until(Duration.ofSeconds(10), () -> ("v" + (seen - 1)).equals(get(newPort, "w" + (seen - 1))));

        assertThatThrownBy(() -> ec.increaseReplicaCount(r -> r.replicationGroupId("rc").newReplicaCount(6)
                .applyImmediately(true))).isInstanceOf(InvalidParameterValueException.class);

        NodeSupervisor supervisor = server.server().nodes().supervisor();
        long removedPid = supervisor.pid("rc-003").orElseThrow();
        int removedPort = FailoverIT.port(grown, "rc-003");
        ec.decreaseReplicaCount(r -> r.replicationGroupId("rc").replicasToRemove("rc-003").applyImmediately(true));
        ReplicationGroup shrunk = Await.replicationGroup(ec, "rc", "available", CREATE);
        assertThat(shrunk.memberClusters()).containsExactly("rc-001", "rc-002", "rc-004");
        assertThat(NodeProcesses.alive(removedPid)).isFalse();
        assertThat(Ports.inUse(removedPort)).isFalse();

        ec.decreaseReplicaCount(r -> r.replicationGroupId("rc").newReplicaCount(1).applyImmediately(true));
        ReplicationGroup one = Await.replicationGroup(ec, "rc", "available", CREATE);
        assertThat(one.memberClusters()).containsExactly("rc-001", "rc-002");
        assertThatThrownBy(() -> ec.decreaseReplicaCount(r -> r.replicationGroupId("rc").newReplicaCount(0)
                .applyImmediately(true))).isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("Must have at least 1 replica when cluster mode is disabled with auto failover enabled.");

        running.set(false);
        client.join(10_000);
        assertThat(failure.get()).as("alice's writes through the primary endpoint").isNull();
        assertThat(written.get()).isGreaterThan(seen);

        ec.deleteReplicationGroup(r -> r.replicationGroupId("rc"));
        Await.replicationGroupGone(ec, "rc", Duration.ofSeconds(20));
    }
}
