package dev.cachewarden.caches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.e2e.Await;
import dev.cachewarden.engine.node.NodeSupervisor;
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
import software.amazon.awssdk.services.elasticache.model.CacheClusterNotFoundException;
import software.amazon.awssdk.services.elasticache.model.Event;
import software.amazon.awssdk.services.elasticache.model.InvalidReplicationGroupStateException;
import software.amazon.awssdk.services.elasticache.model.NodeGroupMember;
import software.amazon.awssdk.services.elasticache.model.NodeGroupNotFoundException;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;
import software.amazon.awssdk.services.elasticache.model.SourceType;
import software.amazon.awssdk.services.elasticache.model.TestFailoverNotAvailableException;

/**
 * Automatic failover with real nodes: kill -9 of a primary promotes its most up-to-date replica
 * behind the same PrimaryEndpoint, with every write acknowledged by a replica kept and the user group
 * enforced on the new primary; TestFailover with a user authenticating throughout.
 */
class FailoverIT {
    static final String ALICE_PW = "alice-password-0001";
    static final String BOB_PW = "bob-password-000001";
    /** The target, with the default settings. */
    static final Duration TARGET = Duration.ofSeconds(10);

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
        ec.createUser(r -> r.userId("bob").userName("bob").engine("redis").accessString("on ~* +@all")
                .passwords(BOB_PW));
        ec.createUserGroup(r -> r.userGroupId("g").engine("redis").userIds("default", "alice", "bob"));
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

    @Test
    void killNineOfThePrimaryPromotesAReplicaBehindTheSamePrimaryEndpoint() throws Exception {
        ReplicationGroup creating = ec.createReplicationGroup(r -> r.replicationGroupId("fo")
                .replicationGroupDescription("failover").engine("redis").numCacheClusters(3)
                .transitEncryptionEnabled(true).userGroupIds("g").automaticFailoverEnabled(true).multiAZEnabled(true))
                .replicationGroup();
        assertThat(creating.automaticFailoverAsString()).isEqualTo("enabling");
        assertThat(creating.multiAZAsString()).isEqualTo("enabled");
        ReplicationGroup rg = Await.replicationGroup(ec, "fo", "available", CREATE);
        assertThat(rg.automaticFailoverAsString()).isEqualTo("enabled");
        List<NodeGroupMember> members = rg.nodeGroups().get(0).nodeGroupMembers();
        int primaryEndpoint = rg.nodeGroups().get(0).primaryEndpoint().port();
        assertThat(members).extracting(m -> m.readEndpoint().port()).doesNotContain(primaryEndpoint);
        String oldPrimary = primaryOf(rg);

        // Writes acknowledged by a replica (WAIT 1) before the kill.
        try (StatefulRedisConnection<String, String> c = redis.connect(primaryEndpoint, true, "alice", ALICE_PW)) {
            for (int i = 0; i < 500; i++) {
                c.sync().set("k" + i, "v" + i);
            }
            assertThat(c.sync().waitForReplication(1, 5_000)).isGreaterThanOrEqualTo(1L);
        }
        // bob leaves the group: refused on every node, the future primary included.
        ec.modifyUserGroup(r -> r.userGroupId("g").userIdsToRemove("bob"));
        Await.userGroup(ec, "g", "active", Duration.ofSeconds(20));
        assertThat(redis.canAuthenticate(primaryEndpoint, true, "bob", BOB_PW)).isFalse();

        NodeSupervisor supervisor = server.server().nodes().supervisor();
        long pid = supervisor.pid(oldPrimary).orElseThrow();
        long killed = System.nanoTime();
        new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
        Await.until(TARGET, () -> writes(primaryEndpoint));
        Duration took = Duration.ofNanos(System.nanoTime() - killed);
        assertThat(took).as("kill to first write on the new primary").isLessThan(TARGET);

        ReplicationGroup after = ec.describeReplicationGroups(r -> r.replicationGroupId("fo")).replicationGroups().get(0);
        String newPrimary = primaryOf(after);
        assertThat(newPrimary).isNotEqualTo(oldPrimary);
        assertThat(after.nodeGroups().get(0).primaryEndpoint().port()).isEqualTo(primaryEndpoint);
        try (StatefulRedisConnection<String, String> c = redis.connect(primaryEndpoint, true, "alice", ALICE_PW)) {
            for (int i = 0; i < 500; i++) {
                assertThat(c.sync().get("k" + i)).as("acknowledged write k%d", i).isEqualTo("v" + i);
            }
            assertThat(c.sync().info("replication")).contains("role:master");
        }
        assertThat(redis.canAuthenticate(primaryEndpoint, true, "bob", BOB_PW)).as("bob on the new primary").isFalse();

        // The old primary returns as a replica of the new one, with the data and the ACL.
        int oldPort = port(after, oldPrimary);
        Await.until(Duration.ofSeconds(20), () -> supervisor.pid(oldPrimary).filter(p -> p != pid).isPresent()
                && "v499".equals(get(oldPort, "k499")));
        assertThat(ec.describeReplicationGroups(r -> r.replicationGroupId("fo")).replicationGroups().get(0)
                .nodeGroups().get(0).nodeGroupMembers()).filteredOn(m -> m.cacheClusterId().equals(oldPrimary))
                .extracting(NodeGroupMember::currentRole).containsExactly("replica");
        assertThat(redis.canAuthenticate(oldPort, true, "bob", BOB_PW)).isFalse();
        try (StatefulRedisConnection<String, String> c = redis.connect(oldPort, true, "alice", ALICE_PW)) {
            assertThatThrownBy(() -> c.sync().set("x", "y")).hasMessageContaining("READONLY");
        }

        ec.deleteReplicationGroup(r -> r.replicationGroupId("fo"));
        Await.replicationGroupGone(ec, "fo", Duration.ofSeconds(20));
    }

    @Test
    void testFailoverPromotesAReplicaWhileAUserKeepsAuthenticating() throws Exception {
        ec.createReplicationGroup(r -> r.replicationGroupId("tf").replicationGroupDescription("test failover")
                .engine("redis").numCacheClusters(2).transitEncryptionEnabled(true).userGroupIds("g")
                .automaticFailoverEnabled(true));
        ReplicationGroup rg = Await.replicationGroup(ec, "tf", "available", CREATE);
        int primaryEndpoint = rg.nodeGroups().get(0).primaryEndpoint().port();
        String oldPrimary = primaryOf(rg);
        assertThatThrownBy(() -> ec.testFailover(r -> r.replicationGroupId("tf").nodeGroupId("0002")))
                .isInstanceOf(NodeGroupNotFoundException.class);

        // alice connects, writes and reads back all along; a refused AUTH would be a failure, a dropped
        // connection (the primary changes under the endpoint) is not.
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        AtomicReference<String> refused = new AtomicReference<>();
        Thread client = Thread.ofVirtual().start(() -> {
            while (running.get()) {
                try (StatefulRedisConnection<String, String> c = redis.connect(primaryEndpoint, true, "alice", ALICE_PW)) {
                    while (running.get()) {
                        int n = written.get();
                        c.sync().set("t" + n, "v" + n);
                        written.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    if (String.valueOf(e.getMessage()).contains("WRONGPASS")
                            || String.valueOf(e.getMessage()).contains("NOPERM")) {
                        refused.set(e.getMessage());
                    }
                }
            }
        });
        Await.until(Duration.ofSeconds(10), () -> written.get() > 50);
        ReplicationGroup accepted = ec.testFailover(r -> r.replicationGroupId("tf").nodeGroupId("0001")).replicationGroup();
        assertThat(accepted.status()).isEqualTo("modifying");
        assertThatThrownBy(() -> ec.testFailover(r -> r.replicationGroupId("tf").nodeGroupId("0001")))
                .isInstanceOf(InvalidReplicationGroupStateException.class);
        ReplicationGroup after = Await.replicationGroup(ec, "tf", "available", CREATE);
        int before = written.get();
        Await.until(Duration.ofSeconds(10), () -> written.get() > before + 50);
        running.set(false);
        client.join(10_000);
        assertThat(refused.get()).as("alice refused during the failover").isNull();
        assertThat(primaryOf(after)).isNotEqualTo(oldPrimary);
        String newPrimary = primaryOf(after);
        assertThat(ec.describeEvents(r -> r.sourceType(SourceType.REPLICATION_GROUP).sourceIdentifier("tf")).events())
                .extracting(Event::message)
                .contains("Test Failover API called for node group 0001",
                        "Failover from primary node " + oldPrimary + " to replica node " + newPrimary + " completed");
        Await.until(Duration.ofSeconds(30), () -> ec.describeEvents(r -> r.sourceType(SourceType.CACHE_CLUSTER)
                .sourceIdentifier(oldPrimary)).events().stream()
                .anyMatch(e -> e.message().equals("Finished recovery for cache nodes 0001")));
        try (StatefulRedisConnection<String, String> c = redis.connect(primaryEndpoint, true, "alice", ALICE_PW)) {
            int last = written.get() - 1;
            for (int i = 0; i < last; i++) {
                assertThat(c.sync().get("t" + i)).as("write t%d", i).isEqualTo("v" + i);
            }
        }

        // Without automatic failover there is nothing to test.
        ec.modifyReplicationGroup(r -> r.replicationGroupId("tf").automaticFailoverEnabled(false).applyImmediately(true));
        assertThat(ec.describeReplicationGroups(r -> r.replicationGroupId("tf")).replicationGroups().get(0)
                .automaticFailoverAsString()).isIn("disabling", "disabled");
        ReplicationGroup disabled = Await.replicationGroup(ec, "tf", "available", CREATE);
        assertThat(disabled.automaticFailoverAsString()).isEqualTo("disabled");
        assertThatThrownBy(() -> ec.testFailover(r -> r.replicationGroupId("tf").nodeGroupId("0001")))
                .isInstanceOf(TestFailoverNotAvailableException.class);

        // PrimaryClusterId promotes the replica asked for (automatic failover or not); an unknown one is refused.
        assertThatThrownBy(() -> ec.modifyReplicationGroup(r -> r.replicationGroupId("tf").primaryClusterId("tf-009")
                .applyImmediately(true))).isInstanceOf(CacheClusterNotFoundException.class);
        String replica = disabled.nodeGroups().get(0).nodeGroupMembers().stream()
                .filter(m -> m.currentRole().equals("replica")).findFirst().orElseThrow().cacheClusterId();
        assertThat(ec.modifyReplicationGroup(r -> r.replicationGroupId("tf").primaryClusterId(replica)
                .applyImmediately(true)).replicationGroup().status()).isEqualTo("modifying");
        ReplicationGroup chosen = Await.replicationGroup(ec, "tf", "available", CREATE);
        assertThat(primaryOf(chosen)).isEqualTo(replica);
        assertThat(writes(primaryEndpoint)).isTrue();

        // Nor is a primary killed then replaced: it restarts in place and stays the primary.
        String primary = primaryOf(chosen);
        long pid = server.server().nodes().supervisor().pid(primary).orElseThrow();
        new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
        Await.until(Duration.ofSeconds(20), () -> server.server().nodes().supervisor().pid(primary)
                .filter(p -> p != pid).isPresent() && writes(primaryEndpoint));
        assertThat(primaryOf(ec.describeReplicationGroups(r -> r.replicationGroupId("tf")).replicationGroups().get(0)))
                .isEqualTo(primary);

        ec.deleteReplicationGroup(r -> r.replicationGroupId("tf"));
        Await.replicationGroupGone(ec, "tf", Duration.ofSeconds(20));
    }

    @Test
    void aPrimaryThatStopsAnsweringIsReplacedToo() throws Exception {
        ec.createReplicationGroup(r -> r.replicationGroupId("hung").replicationGroupDescription("silent primary")
                .engine("redis").numCacheClusters(2).transitEncryptionEnabled(true).userGroupIds("g")
                .automaticFailoverEnabled(true));
        ReplicationGroup rg = Await.replicationGroup(ec, "hung", "available", CREATE);
        int primaryEndpoint = rg.nodeGroups().get(0).primaryEndpoint().port();
        String oldPrimary = primaryOf(rg);
        try (StatefulRedisConnection<String, String> c = redis.connect(primaryEndpoint, true, "alice", ALICE_PW)) {
            c.sync().set("before", "stop");
            assertThat(c.sync().waitForReplication(1, 5_000)).isGreaterThanOrEqualTo(1L);
        }
        NodeSupervisor supervisor = server.server().nodes().supervisor();
        long pid = supervisor.pid(oldPrimary).orElseThrow();
        long stopped = System.nanoTime();
        new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor();
        try {
            Await.until(TARGET, () -> writes(primaryEndpoint));
            assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(TARGET);
        } finally {
            new ProcessBuilder("kill", "-CONT", Long.toString(pid)).start().waitFor();
        }
        assertThat(get(primaryEndpoint, "before")).isEqualTo("stop");
        ReplicationGroup after = ec.describeReplicationGroups(r -> r.replicationGroupId("hung")).replicationGroups().get(0);
        assertThat(primaryOf(after)).isNotEqualTo(oldPrimary);
        // The silent process is replaced by a replica of the new primary.
        int oldPort = port(after, oldPrimary);
        Await.until(Duration.ofSeconds(30), () -> supervisor.pid(oldPrimary).filter(p -> p != pid).isPresent()
                && "stop".equals(get(oldPort, "before")));
        assertThat(NodeProcesses.alive(pid)).as("the silent process, stopped (a zombie until init reaps it)").isFalse();

        ec.deleteReplicationGroup(r -> r.replicationGroupId("hung"));
        Await.replicationGroupGone(ec, "hung", Duration.ofSeconds(20));
    }

    static String primaryOf(ReplicationGroup rg) {
        return rg.nodeGroups().get(0).nodeGroupMembers().stream().filter(m -> m.currentRole().equals("primary"))
                .map(NodeGroupMember::cacheClusterId).findFirst().orElseThrow();
    }

    static int port(ReplicationGroup rg, String cacheClusterId) {
        return rg.nodeGroups().get(0).nodeGroupMembers().stream().filter(m -> m.cacheClusterId().equals(cacheClusterId))
                .findFirst().orElseThrow().readEndpoint().port();
    }

    /** Whether alice can write through this endpoint right now. */
    static boolean writes(int port) {
        try (StatefulRedisConnection<String, String> c = redis.connect(port, true, "alice", ALICE_PW)) {
            return "OK".equals(c.sync().set("probe", "1"));
        } catch (RuntimeException e) {
            return false;
        }
    }

    static String get(int port, String key) {
        try (StatefulRedisConnection<String, String> c = redis.connect(port, true, "alice", ALICE_PW)) {
            return c.sync().get(key);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
