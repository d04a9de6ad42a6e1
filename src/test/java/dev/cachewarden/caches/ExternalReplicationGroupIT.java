package dev.cachewarden.caches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.engine.node.CertificateAuthority;
import dev.cachewarden.engine.node.Ports;
import dev.cachewarden.junit.Cachewarden;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.InvalidReplicationGroupStateException;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/** An existing Redis server, listed in the external caches file, takes a user group like a managed one. */
class ExternalReplicationGroupIT {
    @TempDir
    static Path dir;
    static Process external;
    static int port;
    static Cachewarden server;
    static ElastiCacheClient ec;
    static RedisProbe redis;

    @BeforeAll
    static void start() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("ops-ca"));
        CertificateAuthority.NodeCertificate cert = ca.nodeCertificate(dir.resolve("ops-node"), "ops-node");
        port = Ports.free(List.of());
        external = new ProcessBuilder("redis-server", "--port", "0", "--tls-port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--tls-cert-file", cert.certificate().toString(), "--tls-key-file", cert.key().toString(),
                "--tls-ca-cert-file", cert.caCertificate().toString(), "--tls-auth-clients", "no",
                "--user", "ops-admin", "on", ">ops-admin-password", "~*", "&*", "+@all",
                "--user", "legacy", "on", ">legacy-password-01", "~*", "+@all")
                .redirectErrorStream(true).redirectOutput(dir.resolve("external.log").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> Ports.inUse(port));
        Files.writeString(dir.resolve("ops.password"), "ops-admin-password\n");
        Files.setPosixFilePermissions(dir.resolve("ops.password"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Files.writeString(dir.resolve("external.properties"), String.join("\n",
                "legacy.nodes = 127.0.0.1:" + port,
                "legacy.tls = true",
                "legacy.ca-certificate = " + cert.caCertificate(),
                "legacy.admin-user = ops-admin",
                "legacy.admin-password-file = " + dir.resolve("ops.password"),
                "legacy.description = the ops team's Redis", ""));
        server = Cachewarden.builder()
                .reconcileInterval(Duration.ofMillis(300)).externalCaches(dir.resolve("external.properties")).start();
        ec = server.client();
        redis = new RedisProbe(cert.caCertificate());
    }

    @AfterAll
    static void stop() throws Exception {
        if (redis != null) {
            redis.close();
        }
        if (server != null) {
            server.close();
        }
        if (external != null) {
            external.destroy();
            external.waitFor();
        }
    }

    @Test
    void externalServerTakesAUserGroupAndGivesItBack() {
        ReplicationGroup listed = ec.describeReplicationGroups(r -> r.replicationGroupId("legacy")).replicationGroups().get(0);
        assertThat(listed.status()).isEqualTo("available");
        assertThat(listed.description()).isEqualTo("the ops team's Redis");
        assertThat(listed.nodeGroups().get(0).primaryEndpoint().port()).isEqualTo(port);
        // Without a user group cachewarden leaves the server's ACL alone, pass after pass.
        server.server().nodes().reconciler().reconcileAll();
        server.server().nodes().reconciler().reconcileAll();
        // A DeleteUser, which reaches every cache a user may be on, leaves it alone too.
        ec.createUser(r -> r.userId("temp").userName("temp").engine("redis").accessString("on ~* +@all")
                .passwords("temp-password-000001"));
        ec.deleteUser(r -> r.userId("temp"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ec.describeUsers(r -> { }).users().stream()
                .noneMatch(u -> u.userId().equals("temp")));
        assertThat(redis.canAuthenticate(port, true, "legacy", "legacy-password-01")).isTrue();

        ec.createUser(r -> r.userId("alice").userName("alice").engine("redis").accessString("on ~* +@all")
                .passwords("alice-password-0001"));
        ec.createUserGroup(r -> r.userGroupId("g").engine("redis").userIds("default", "alice"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ec.describeUserGroups(r -> r.userGroupId("g"))
                .userGroups().get(0).status().equals("active"));
        ec.modifyReplicationGroup(r -> r.replicationGroupId("legacy").userGroupIdsToAdd("g"));
        await().atMost(Duration.ofSeconds(20)).until(() -> status().equals("available"));
        assertThat(redis.canAuthenticate(port, true, "alice", "alice-password-0001")).isTrue();
        assertThat(redis.canAuthenticate(port, true, "legacy", "legacy-password-01")).isFalse();
        assertThat(redis.canAuthenticate(port, true, "ops-admin", "ops-admin-password")).isTrue();
        assertThatThrownBy(() -> ec.deleteReplicationGroup(r -> r.replicationGroupId("legacy")))
                .isInstanceOf(InvalidReplicationGroupStateException.class);

        ec.modifyReplicationGroup(r -> r.replicationGroupId("legacy").userGroupIdsToRemove("g"));
        await().atMost(Duration.ofSeconds(20)).until(() -> status().equals("available"));
        assertThat(redis.canAuthenticate(port, true, "alice", "alice-password-0001")).isFalse();
        assertThat(redis.canAuthenticate(port, true, "ops-admin", "ops-admin-password")).isTrue();
    }

    private static String status() {
        return ec.describeReplicationGroups(r -> r.replicationGroupId("legacy")).replicationGroups().get(0).status();
    }
}
