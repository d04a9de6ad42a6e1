package dev.cachewarden.caches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.durability.ServerProcess;
import dev.cachewarden.durability.ServerProcessExtension;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/**
 * A node's private port (the one no client sees) taken by a foreign process while the node was down:
 * the primary of a two-node group is killed while cachewarden is down too, and a plain ServerSocket
 * holds its port. At the next start the node comes back on another private port, with its ACL and
 * data, its running replica follows it there, the published endpoints stay as they were, and the
 * start after that adopts it on the new port.
 */
class PrivatePortTakenIT {
    @RegisterExtension
    final ServerProcessExtension servers = ServerProcessExtension.withOptions("--reconcile-interval", "1s");

    @Test
    void aPrimaryWhosePrivatePortIsTakenComesBackOnAnotherWithItsAclDataAndReplica() throws Exception {
        Path data = servers.data();
        ServerProcess server = servers.start();
        ReplicationGroup before = TlsGroups.createWithUserGroup(server.client(), "rg", 2);
        int primaryEndpoint = TlsGroups.primaryPort(before);
        int replicaEndpoint = TlsGroups.memberPorts(before).get(1);
        try (RedisProbe redis = new RedisProbe(data.resolve("tls/ca.crt"))) {
            set(redis, primaryEndpoint, "k", "before");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> "before".equals(get(redis, replicaEndpoint, "k")));
            int oldPort = tlsPort(data, "rg-001");
            servers.kill();
            NodeProcesses.kill9(NodeProcesses.pid(data, "rg-001").orElseThrow());

            try (ServerSocket foreign = new ServerSocket()) {
                foreign.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), oldPort));
                server = servers.start();
                String got = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                        .ignoreExceptions().until(() -> get(redis, primaryEndpoint, "k"), v -> v != null);
                assertThat(got).as("the primary's data, through its ACL").isEqualTo("before");
                int newPort = tlsPort(data, "rg-001");
                assertThat(newPort).isNotEqualTo(oldPort);
                assertThat(server.log()).contains("the private TLS port " + oldPort + " of node rg-001 is held by "
                        + "another process: the node moves to port " + newPort);
                // The replica, adopted still pointing at the old port, follows the primary to the new one.
                set(redis, primaryEndpoint, "k2", "after");
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                        .until(() -> "after".equals(get(redis, replicaEndpoint, "k2")));
                ReplicationGroup now = server.client().describeReplicationGroups(r -> r.replicationGroupId("rg"))
                        .replicationGroups().get(0);
                assertThat(now.status()).isEqualTo("available");
                assertThat(TlsGroups.memberPorts(now)).as("published ports unchanged")
                        .isEqualTo(TlsGroups.memberPorts(before));
                assertThat(redis.canAuthenticate(primaryEndpoint, true, TlsGroups.USER, "wrong-password-00001"))
                        .isFalse();

                // The next start adopts the node where it now runs, its pid unchanged.
                long pid = NodeProcesses.pid(data, "rg-001").orElseThrow();
                servers.kill();
                server = servers.start();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                        .until(() -> "before".equals(get(redis, primaryEndpoint, "k")));
                assertThat(server.log()).contains("adopted node rg-001");
                assertThat(NodeProcesses.pid(data, "rg-001")).contains(pid);
                assertThat(tlsPort(data, "rg-001")).isEqualTo(newPort);
            }
        }
    }

    /** Through the front; a connection that times out on a loaded machine is tried again. */
    private static void set(RedisProbe redis, int port, String key, String value) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
            try (StatefulRedisConnection<String, String> c = redis.connect(port, true, TlsGroups.USER,
                    TlsGroups.PASSWORD)) {
                return "OK".equals(c.sync().set(key, value));
            }
        });
    }

    private static String get(RedisProbe redis, int port, String key) {
        try (StatefulRedisConnection<String, String> c = redis.connect(port, true, TlsGroups.USER, TlsGroups.PASSWORD)) {
            return c.sync().get(key);
        }
    }

    /** The node's private TLS port, as its record in its directory says. */
    private static int tlsPort(Path data, String id) throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(data.resolve("nodes").resolve(id).resolve("node.properties"))));
        return Integer.parseInt(p.getProperty("tlsPort"));
    }
}
