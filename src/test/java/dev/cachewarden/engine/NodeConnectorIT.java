package dev.cachewarden.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.engine.node.AdminCredentials;
import dev.cachewarden.engine.node.CertificateAuthority;
import dev.cachewarden.engine.node.NodeAddress;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kept management connection against a real redis-server: reused between works, replaced without
 * an error when the node restarted under it, and a node that is down still fails.
 */
class NodeConnectorIT {
    private static final String PASSWORD = "admin-password-for-the-test";

    @TempDir
    Path dir;
    private Process redis;

    @AfterEach
    void stopRedis() throws InterruptedException {
        stop();
    }

    @Test
    void keepsOneConnectionPerNodeAndReplacesItAfterARestart() throws Exception {
        int port = freePort();
        start(port);
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("tls"));
        NodeAddress node = new NodeAddress("node-1", "127.0.0.1", port, false);
        try (NodeConnector connector = new NodeConnector(AdminCredentials.of(PASSWORD), ca.caCertificate())) {
            long first = connector.withSession(node, s -> connectionsReceived(s));
            long second = connector.withSession(node, s -> connectionsReceived(s));
            // start()'s readiness probe was the first connection the node received, the kept one the second.
            assertThat(first).isEqualTo(2);
            assertThat(second).as("the second work ran on the same connection").isEqualTo(first);

            // The node restarts under the kept connection: the work still succeeds, on a new one.
            stop();
            start(port);
            long afterRestart = connector.withSession(node, s -> connectionsReceived(s));
            assertThat(afterRestart).as("a new node: the probe, then a new connection").isEqualTo(2);

            connector.forget("node-1");
            long afterForget = connector.withSession(node, s -> connectionsReceived(s));
            assertThat(afterForget).as("forget closed it").isEqualTo(afterRestart + 1);

            stop();
            assertThatThrownBy(() -> connector.withSession(node, s -> connectionsReceived(s)))
                    .isInstanceOf(NodeUnavailableException.class);
        }
    }

    /**
     * A managed node whose unix socket is known is reached there, without TLS; once the socket is gone
     * (the node restarted without it), on its port again.
     */
    @Test
    void reachesAManagedNodeOnItsUnixSocketAndFallsBackToItsPort() throws Exception {
        int port = freePort();
        Path socket = dir.resolve("node-1.sock");
        start(port, "--unixsocket", socket.toString(), "--unixsocketperm", "700");
        NodeAddress node = new NodeAddress("node-1", "127.0.0.1", port, false);
        try (NodeConnector connector = new NodeConnector(AdminCredentials.of(PASSWORD), dir.resolve("no-ca.crt"),
                () -> null, label -> label.equals("node-1") ? socket : null)) {
            assertThat(connector.withSession(node, NodeConnectorIT::ownAddress)).startsWith(socket.toString());

            stop();
            start(port);
            connector.forget("node-1");
            assertThat(connector.withSession(node, NodeConnectorIT::ownAddress)).startsWith("127.0.0.1:");
        }
    }

    /** The addr= of the session's own connection, as the node sees it. */
    private static String ownAddress(NodeSession session) {
        Matcher m = Pattern.compile("(?:^| )addr=(\\S+)").matcher(session.raw(io.lettuce.core.protocol.CommandType.CLIENT, "INFO"));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static long connectionsReceived(NodeSession session) {
        Matcher m = Pattern.compile("total_connections_received:(\\d+)").matcher(session.info("stats"));
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private void start(int port, String... more) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("/usr/bin/redis-server",
                "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--user", AdminCredentials.USER_NAME, "on", ">" + PASSWORD, "~*", "&*", "+@all",
                "--user", "default", "off"));
        command.addAll(java.util.List.of(more));
        redis = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !redis.isAlive()) {
                    throw new IOException("redis-server did not start: " + Files.readString(dir.resolve("redis.log")));
                }
                Thread.sleep(20);
            }
        }
    }

    private void stop() throws InterruptedException {
        if (redis != null && redis.isAlive()) {
            redis.destroy(); // SIGTERM to this process by its PID
            redis.waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
