package dev.cachewarden.caches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.durability.ServerProcess;
import dev.cachewarden.durability.ServerProcessExtension;
import dev.cachewarden.store.jdbc.JdbcStore;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/**
 * No node outlives its cache, whatever the order of failures, and no process is signalled on the
 * word of a pid file alone: at start cachewarden stops (by verified PID) and removes every node
 * directory whose cache is no longer stored, and adopts or restarts only processes that prove to be
 * its nodes.
 */
class OrphanNodesIT {
    @RegisterExtension
    final ServerProcessExtension servers = ServerProcessExtension.withOptions("--reconcile-interval", "1s");
    private final List<Process> strangers = new ArrayList<>();

    @AfterEach
    void stopStrangers() throws Exception {
        for (Process p : strangers) {
            p.destroyForcibly().waitFor();
        }
    }

    @Test
    void aCacheDeletedFromTheStoreWhileCachewardenWasDownHasItsNodesStopped() throws Exception {
        Path data = servers.data();
        ServerProcess server = servers.start();
        TlsGroups.createWithUserGroup(server.client(), "gone", 2);
        TlsGroups.create(server.client(), "kept", 1);
        List<Long> gone = List.of(NodeProcesses.pid(data, "gone-001").orElseThrow(),
                NodeProcesses.pid(data, "gone-002").orElseThrow());
        long kept = NodeProcesses.pid(data, "kept-001").orElseThrow();
        servers.kill();
        try (JdbcStore store = JdbcStore.embedded(data)) {
            store.inTransaction(tx -> {
                tx.replicationGroups().delete("gone");
                return null;
            });
        }

        servers.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> servers.server().log().contains("node adoption"));
        assertThat(gone).noneMatch(NodeProcesses::alive);
        assertThat(NodeProcesses.directories(data)).containsExactly("kept-001");
        assertThat(NodeProcesses.alive(kept)).isTrue();
        assertThat(NodeProcesses.pid(data, "kept-001")).contains(kept);
    }

    @Test
    void aKillInTheMiddleOfDeleteReplicationGroupLeavesNoNodeRunning() throws Exception {
        Path data = servers.data();
        ServerProcess server = servers.start("--transition-delay", "3s");
        TlsGroups.createWithUserGroup(server.client(), "rg", 2);
        List<Long> pids = List.of(NodeProcesses.pid(data, "rg-001").orElseThrow(),
                NodeProcesses.pid(data, "rg-002").orElseThrow());
        server.client().deleteReplicationGroup(r -> r.replicationGroupId("rg"));
        assertThat(server.client().describeReplicationGroups(r -> r.replicationGroupId("rg")).replicationGroups()
                .get(0).status()).isEqualTo("deleting");
        servers.kill();

        servers.start();
        await().atMost(Duration.ofSeconds(60)).until(
                () -> servers.server().client().describeReplicationGroups(r -> { }).replicationGroups().isEmpty());
        await().atMost(Duration.ofSeconds(20)).until(() -> pids.stream().noneMatch(NodeProcesses::alive));
        assertThat(NodeProcesses.directories(data)).isEmpty();
    }

    @Test
    void aPidFileNamingAnotherProcessIsNeitherAdoptedNorKilled() throws Exception {
        Path data = servers.data();
        ServerProcess server = servers.start();
        ReplicationGroup rg = TlsGroups.createWithUserGroup(server.client(), "rg", 2);
        try (RedisProbe redis = new RedisProbe(data.resolve("tls/ca.crt"))) {
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                try (StatefulRedisConnection<String, String> c = redis.connect(TlsGroups.primaryPort(rg), true,
                        TlsGroups.USER, TlsGroups.PASSWORD)) {
                    return "OK".equals(c.sync().set("kept", "across a PID reuse"));
                }
            });
        }
        List<String> ids = List.of("rg-001", "rg-002");
        servers.kill();
        // The nodes die while cachewarden is down, and their PIDs now name unrelated processes:
        // a sleep, and a redis-server that is not ours (it would pass a check by program name).
        for (String id : ids) {
            NodeProcesses.kill9(NodeProcesses.pid(data, id).orElseThrow());
        }
        Process sleep = stranger(new ProcessBuilder("sleep", "600"));
        Path foreignDir = Files.createDirectories(servers.work().resolve("foreign"));
        Process foreignRedis = stranger(new ProcessBuilder("redis-server", "--port", "0", "--unixsocket",
                foreignDir.resolve("r.sock").toString(), "--save", "", "--appendonly", "no").directory(foreignDir.toFile()));
        Files.writeString(data.resolve("nodes/rg-001/redis.pid"), sleep.pid() + "\n");
        Files.writeString(data.resolve("nodes/rg-002/redis.pid"), foreignRedis.pid() + "\n");
        // And a directory of no cache at all whose pid file names the sleep: removed, the sleep untouched.
        Files.createDirectories(data.resolve("nodes/ghost-001"));
        Files.writeString(data.resolve("nodes/ghost-001/redis.pid"), sleep.pid() + "\n");

        server = servers.start();
        try (RedisProbe redis = new RedisProbe(data.resolve("tls/ca.crt"))) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> redis.canAuthenticate(
                    TlsGroups.primaryPort(rg), true, TlsGroups.USER, TlsGroups.PASSWORD));
            try (StatefulRedisConnection<String, String> c = redis.connect(TlsGroups.primaryPort(rg), true,
                    TlsGroups.USER, TlsGroups.PASSWORD)) {
                assertThat(c.sync().get("kept")).isEqualTo("across a PID reuse");
            }
        }
        assertThat(sleep.isAlive()).isTrue();
        assertThat(foreignRedis.isAlive()).isTrue();
        for (String id : ids) {
            long pid = NodeProcesses.pid(data, id).orElseThrow();
            assertThat(pid).isNotIn(sleep.pid(), foreignRedis.pid());
            assertThat(NodeProcesses.alive(pid)).isTrue();
        }
        assertThat(server.log()).doesNotContain("adopted node");
        assertThat(NodeProcesses.directories(data)).containsExactly("rg-001", "rg-002");
    }

    private Process stranger(ProcessBuilder builder) throws Exception {
        Process p = builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        strangers.add(p);
        Thread.sleep(200);
        assertThat(p.isAlive()).isTrue();
        return p;
    }
}
