package dev.cachewarden.caches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.durability.ServerProcessExtension;
import dev.cachewarden.engine.node.AdminCredentials;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.NodeGroupMember;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/**
 * What a kill of cachewarden in the middle of a failover leaves, made on purpose: the replica was
 * told {@code REPLICAOF NO ONE} but the store still names the old primary. At the next start the
 * store's word wins (the stray primary becomes a replica again); and when the old primary died too,
 * the restart gate promotes the replica instead of restarting the dead primary over it. Either way
 * the group ends with one primary and every write a replica acknowledged.
 */
class InterruptedFailoverIT {
    @RegisterExtension
    final ServerProcessExtension cachewarden = ServerProcessExtension.withOptions("--reconcile-interval", "1s");

    @Test
    void aReplicaPromotedJustBeforeTheKillIsAReplicaAgainAfterTheRestart() throws Exception {
        Path data = cachewarden.data();
        int endpoint = interruptedFailover(data);

        cachewarden.start();
        try (RedisProbe redis = new RedisProbe(data.resolve("tls/ca.crt"))) {
            ReplicationGroup rg = awaitOnePrimary(redis);
            assertThat(primaryOf(rg)).isEqualTo("rg-001");
            assertThat(cachewarden.server().log()).contains("node rg-002 of rg answers as a primary");
            assertKept(redis, endpoint);
        }
    }

    @Test
    void whenTheOldPrimaryDiedTooTheReplicaIsPromotedNotOverwritten() throws Exception {
        Path data = cachewarden.data();
        int endpoint = interruptedFailover(data);
        long old = NodeProcesses.pid(data, "rg-001").orElseThrow();
        NodeProcesses.kill9(old);

        cachewarden.start();
        try (RedisProbe redis = new RedisProbe(data.resolve("tls/ca.crt"))) {
            ReplicationGroup rg = awaitOnePrimary(redis);
            assertThat(primaryOf(rg)).isEqualTo("rg-002");
            assertThat(NodeProcesses.pid(data, "rg-001")).isPresent().get().isNotEqualTo(old);
            assertKept(redis, endpoint);
        }
    }

    /** {@link #setUp}, then cachewarden killed and rg-002 promoted behind its back; returns the PrimaryEndpoint. */
    private int interruptedFailover(Path data) throws Exception {
        int endpoint = setUp(data);
        cachewarden.kill();
        promoteBehindCachewardensBack(data, "rg-002");
        return endpoint;
    }

    /** A two-node group with automatic failover and 200 writes a replica acknowledged; returns its PrimaryEndpoint. */
    private int setUp(Path data) throws Exception {
        ElastiCacheClient ec = cachewarden.start().client();
        TlsGroups.createUserGroup(ec);
        ec.createReplicationGroup(r -> r.replicationGroupId("rg").replicationGroupDescription("interrupted")
                .numCacheClusters(2).transitEncryptionEnabled(true).userGroupIds("g").automaticFailoverEnabled(true));
        ReplicationGroup rg = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(this::group, g -> g.status().equals("available"));
        int endpoint = TlsGroups.primaryPort(rg);
        try (RedisProbe redis = new RedisProbe(data.resolve("tls/ca.crt"))) {
            // Retried whole: on a loaded machine the first connection may time out.
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                try (StatefulRedisConnection<String, String> c = redis.connect(endpoint, true, TlsGroups.USER,
                        TlsGroups.PASSWORD)) {
                    for (int i = 0; i < 200; i++) {
                        c.sync().set("k" + i, "v" + i);
                    }
                    return c.sync().waitForReplication(1, 5_000) >= 1;
                }
            });
        }
        return endpoint;
    }

    /** REPLICAOF NO ONE on the node's private socket, as cachewarden's admin user: what the failover's first step does. */
    private static void promoteBehindCachewardensBack(Path data, String id) throws Exception {
        Properties record = new Properties();
        record.load(Files.newBufferedReader(data.resolve("nodes").resolve(id).resolve("node.properties")));
        String password = AdminCredentials.loadOrCreate(data).password();
        for (List<String> command : List.of(List.of("REPLICAOF", "NO", "ONE"), List.of("ROLE"))) {
            List<String> argv = new java.util.ArrayList<>(List.of("redis-cli", "-s", record.getProperty("socket"),
                    "--user", AdminCredentials.USER_NAME, "--pass", password, "--no-auth-warning"));
            argv.addAll(command);
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).isZero();
            if (command.get(0).equals("ROLE")) {
                assertThat(out).as("%s after REPLICAOF NO ONE", id).startsWith("master");
            }
        }
    }

    /** Available, both nodes available, exactly the stored primary answering ROLE master, the replica's link up. */
    private ReplicationGroup awaitOnePrimary(RedisProbe redis) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
            ReplicationGroup rg = group();
            if (!rg.status().equals("available")) {
                return null;
            }
            for (NodeGroupMember m : rg.nodeGroups().get(0).nodeGroupMembers()) {
                try (StatefulRedisConnection<String, String> c = redis.connect(m.readEndpoint().port(), true,
                        TlsGroups.USER, TlsGroups.PASSWORD)) {
                    String info = c.sync().info("replication");
                    boolean primary = m.currentRole().equals("primary");
                    if (primary != info.contains("role:master") || (!primary && !info.contains("master_link_status:up"))) {
                        return null;
                    }
                }
            }
            return rg;
        }, rg -> rg != null);
    }

    private static void assertKept(RedisProbe redis, int endpoint) {
        try (StatefulRedisConnection<String, String> c = redis.connect(endpoint, true, TlsGroups.USER, TlsGroups.PASSWORD)) {
            for (int i = 0; i < 200; i++) {
                assertThat(c.sync().get("k" + i)).as("acknowledged write k%d", i).isEqualTo("v" + i);
            }
            assertThat(c.sync().set("after", "restart")).isEqualTo("OK");
        }
    }

    private ReplicationGroup group() {
        return cachewarden.server().client().describeReplicationGroups(r -> r.replicationGroupId("rg"))
                .replicationGroups().get(0);
    }

    private static String primaryOf(ReplicationGroup rg) {
        return rg.nodeGroups().get(0).nodeGroupMembers().stream().filter(m -> m.currentRole().equals("primary"))
                .map(NodeGroupMember::cacheClusterId).findFirst().orElseThrow();
    }
}
