package dev.cachewarden.caches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.e2e.Sdk;
import dev.cachewarden.engine.node.Ports;
import dev.cachewarden.junit.Cachewarden;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/**
 * cachewarden itself killed with SIGKILL in the middle of a ModifyUserGroup on an attached group: its
 * nodes outlive it; after the restart they are adopted (same processes) and the change completes on every node.
 * cachewarden runs as a separate JVM here, so that it can really be killed.
 */
class KillNineRecoveryIT {
    @TempDir
    Path dataDir;
    private final List<Process> servers = new ArrayList<>();

    @AfterEach
    void stopServers() throws Exception {
        for (Process p : servers) {
            if (p.isAlive()) {
                p.destroy();
                p.waitFor();
            }
        }
    }

    @Test
    void aGroupChangeInFlightCompletesAfterCachewardenIsKilled() throws Exception {
        int apiPort = Ports.free(List.of());
        Process first = serve(apiPort, "1s");
        ElastiCacheClient ec = Sdk.client(URI.create("http://127.0.0.1:" + apiPort));
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> ec.describeUsers(r -> { }).hasUsers());
        ec.createUser(r -> r.userId("alice").userName("alice").engine("redis").accessString("on ~* +@all")
                .passwords("alice-password-0001"));
        ec.createUser(r -> r.userId("bob").userName("bob").engine("redis").accessString("on ~* +@all")
                .passwords("bob-password-000001"));
        ec.createUserGroup(r -> r.userGroupId("g").engine("redis").userIds("default", "alice"));
        await().atMost(Duration.ofSeconds(20)).until(() -> groupStatus(ec).equals("active"));
        ec.createReplicationGroup(r -> r.replicationGroupId("rg").replicationGroupDescription("outlives cachewarden")
                .numCacheClusters(2).transitEncryptionEnabled(true).userGroupIds("g"));
        ReplicationGroup rg = await().atMost(Duration.ofSeconds(30)).until(() -> ec.describeReplicationGroups(
                r -> r.replicationGroupId("rg")).replicationGroups().get(0), g -> g.status().equals("available"));
        List<Integer> ports = rg.nodeGroups().get(0).nodeGroupMembers().stream().map(m -> m.readEndpoint().port()).toList();

        ec.modifyUserGroup(r -> r.userGroupId("g").userIdsToAdd("bob").userIdsToRemove("alice"));
        first.destroyForcibly().waitFor();
        List<Long> orphans = new ArrayList<>();
        for (String id : List.of("rg-001", "rg-002")) {
            orphans.add(Long.parseLong(Files.readString(dataDir.resolve("nodes").resolve(id).resolve("redis.pid")).trim()));
        }
        assertThat(orphans).allMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));

        Process second = serve(apiPort, "0s");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> groupStatus(ec).equals("active"));
        try (RedisProbe redis = new RedisProbe(dataDir.resolve("tls/ca.crt"))) {
            for (int port : ports) {
                await().atMost(Duration.ofSeconds(10)).until(
                        () -> redis.canAuthenticate(port, true, "bob", "bob-password-000001"));
                assertThat(redis.canAuthenticate(port, true, "alice", "alice-password-0001")).isFalse();
            }
        }
        // The nodes left behind were adopted, not replaced: the same processes, still one per node.
        assertThat(orphans).allMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        for (int i = 0; i < orphans.size(); i++) {
            assertThat(Files.readString(dataDir.resolve("nodes").resolve(List.of("rg-001", "rg-002").get(i))
                    .resolve("redis.pid")).trim()).isEqualTo(orphans.get(i).toString());
        }

        ec.deleteReplicationGroup(r -> r.replicationGroupId("rg"));
        await().atMost(Duration.ofSeconds(20)).until(() -> ec.describeReplicationGroups(r -> { }).replicationGroups().isEmpty());
        for (int port : ports) {
            assertThat(Ports.inUse(port)).isFalse();
        }
        ec.close();
        second.destroy();
        assertThat(second.waitFor()).isNotNull();
    }

    private Process serve(int port, String transitionDelay) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "dev.cachewarden.server.Main", "serve", "--port", Integer.toString(port), "--data-dir",
                dataDir.toString(), "--transition-delay", transitionDelay, "--reconcile-interval", "1s");
        pb.environment().put("CACHEWARDEN_ACCESS_KEY_ID", Cachewarden.DEFAULT_ACCESS_KEY_ID);
        pb.environment().put("CACHEWARDEN_SECRET_ACCESS_KEY", Cachewarden.DEFAULT_SECRET_ACCESS_KEY);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("server.log").toFile()));
        Process p = pb.start();
        servers.add(p);
        return p;
    }

    private static String groupStatus(ElastiCacheClient ec) {
        return ec.describeUserGroups(r -> r.userGroupId("g")).userGroups().get(0).status();
    }
}
