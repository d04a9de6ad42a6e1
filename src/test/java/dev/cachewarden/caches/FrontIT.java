package dev.cachewarden.caches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.junit.Cachewarden;
import dev.cachewarden.engine.node.NodeSupervisor;
import dev.cachewarden.engine.node.Ports;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.NodeGroupMember;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/**
 * Real clients through the front of a cache cachewarden runs: redis-cli --tls (trusting the server's
 * CA) and Lettuce, AUTH accepted and WRONGPASS; the node itself out of reach (its private TLS port
 * refuses a client without cachewarden's certificate, its socket sits in a private directory); a node
 * killed with -9 is reached again on the same port; a plaintext cache is served in plaintext; a
 * deleted cache's ports are closed.
 */
class FrontIT {
    static final String ALICE_PW = "alice-password-0001";

    @TempDir
    static Path dataDir;
    static Cachewarden server;
    static ElastiCacheClient ec;
    static RedisProbe redis;
    static Path ca;

    @BeforeAll
    static void start() throws Exception {
        server = Cachewarden.builder().dataDir(dataDir).reconcileInterval(Duration.ofMillis(500)).start();
        ec = server.client();
        ca = server.server().nodes().caCertificate();
        redis = new RedisProbe(ca);
        ec.createUser(r -> r.userId("alice").userName("alice").engine("redis").accessString("on ~* +@all")
                .passwords(ALICE_PW));
        ec.createUserGroup(r -> r.userGroupId("g").engine("redis").userIds("default", "alice"));
        await().atMost(Duration.ofSeconds(30)).until(
                () -> ec.describeUserGroups(r -> r.userGroupId("g")).userGroups().get(0).status().equals("active"));
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
    void tlsCacheThroughTheFront() throws Exception {
        ReplicationGroup rg = create("tlsrg", true);
        List<NodeGroupMember> members = rg.nodeGroups().get(0).nodeGroupMembers();
        int primaryPort = rg.nodeGroups().get(0).primaryEndpoint().port();
        // The group's own PrimaryEndpoint (it follows the primary through failovers), apart from the nodes' ports.
        assertThat(primaryPort).isNotIn(members.stream().map(m -> m.readEndpoint().port()).toList());

        // redis-cli --tls with the server's CA: a password user gets in, a wrong password gets WRONGPASS.
        assertThat(redisCli(primaryPort, true, "--user", "alice", "--pass", ALICE_PW, "SET", "k", "v")).isEqualTo("OK");
        assertThat(redisCli(primaryPort, true, "--user", "alice", "--pass", "not-the-password", "PING"))
                .contains("WRONGPASS invalid username-password pair or user is disabled.");
        // Lettuce through the front, on the replica too (replication runs over the private TLS ports).
        int replicaPort = members.get(1).readEndpoint().port();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (StatefulRedisConnection<String, String> c = redis.connect(replicaPort, true, "alice", ALICE_PW)) {
                return "v".equals(c.sync().get("k"));
            }
        });
        assertThat(redis.canAuthenticate(primaryPort, true, "alice", "wrong-password-0001")).isFalse();
        assertThat(redisCli(primaryPort, false, "PING")).as("no TLS on a TLS endpoint").doesNotContain("PONG");

        // The node itself is out of reach: its TLS port wants a certificate of cachewarden's CA...
        NodeSupervisor supervisor = server.server().nodes().supervisor();
        String primaryId = members.get(0).cacheClusterId();
        int privatePort = supervisor.layout().internalPort(primaryId);
        assertThat(Ports.inUse(privatePort)).isTrue();
        assertThat(redisCli(privatePort, true, "--user", "alice", "--pass", ALICE_PW, "PING")).doesNotContain("PONG");
        assertThat(redisCli(privatePort, false, "--user", "alice", "--pass", ALICE_PW, "PING")).doesNotContain("PONG");
        // ...and its socket lies in a directory only cachewarden's user may enter.
        Path socket = supervisor.socketPath(primaryId);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent()))).isEqualTo("rwx------");

        // kill -9 of the node: the supervisor restarts it and the same front port reaches it again.
        long pid = supervisor.pid(primaryId).orElseThrow();
        new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(
                () -> supervisor.pid(primaryId).filter(p -> p != pid).isPresent()
                        && redis.canAuthenticate(primaryPort, true, "alice", ALICE_PW));
        assertThat(redisCli(primaryPort, true, "--user", "alice", "--pass", ALICE_PW, "PING")).isEqualTo("PONG");

        delete("tlsrg");
        for (NodeGroupMember m : members) {
            assertThat(Ports.inUse(m.readEndpoint().port())).as("front port of %s", m.cacheClusterId()).isFalse();
        }
        assertThat(Ports.inUse(privatePort)).isFalse();
    }

    @Test
    void plaintextCacheIsServedInPlaintext() throws Exception {
        ReplicationGroup rg = create("plainrg", false);
        int port = rg.nodeGroups().get(0).primaryEndpoint().port();
        // No user group (AWS allows none without TLS): default needs no password, alice is unknown here.
        assertThat(redisCli(port, false, "PING")).isEqualTo("PONG");
        assertThat(redisCli(port, false, "--user", "alice", "--pass", ALICE_PW, "PING")).contains("WRONGPASS");
        assertThat(redis.canAuthenticate(port, false, null, null)).isTrue();
        // Bad input through the whole chain: the earlier reply, Redis's protocol error, then the close.
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write("*1\r\n$4\r\nPING\r\n*1\r\n$99999999999\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).isEqualTo("+PONG\r\n-ERR Protocol error: invalid bulk length\r\n");
        }
        delete("plainrg");
        assertThat(Ports.inUse(port)).isFalse();
    }

    private static ReplicationGroup create(String id, boolean tls) {
        ec.createReplicationGroup(r -> r.replicationGroupId(id).replicationGroupDescription("front").engine("redis")
                .numCacheClusters(2).transitEncryptionEnabled(tls).userGroupIds(tls ? List.of("g") : List.of()));
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(
                () -> ec.describeReplicationGroups(r -> r.replicationGroupId(id)).replicationGroups().get(0),
                g -> g.status().equals("available"));
    }

    private static void delete(String id) {
        ec.deleteReplicationGroup(r -> r.replicationGroupId(id));
        await().atMost(Duration.ofSeconds(60)).until(() -> ec.describeReplicationGroups(r -> { }).replicationGroups()
                .stream().noneMatch(g -> g.replicationGroupId().equals(id)));
    }

    /** redis-cli's output (stdout and stderr), trimmed. */
    private static String redisCli(int port, boolean tls, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port),
                "--no-auth-warning"));
        if (tls) {
            command.addAll(List.of("--tls", "--cacert", ca.toString()));
        }
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("redis-cli hung: " + command);
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    }
}
