package dev.cachewarden.engine.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.domain.Engine;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real redis-server nodes whose private port another process holds. The supervisor runs without its
 * watcher, so the test, not a restart race, decides when a node starts again.
 */
class HeldPrivatePortIT {
    @TempDir
    Path root;
    private NodeSupervisor supervisor;

    @AfterEach
    void stop() {
        if (supervisor != null) {
            supervisor.close(); // stopOnExit: every node it started is stopped
        }
    }

    private NodeSupervisor supervisor() {
        AdminCredentials admin = AdminCredentials.loadOrCreate(root);
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(root.resolve("tls"));
        supervisor = new NodeSupervisor(() -> EngineBinary.find(null, Engine.REDIS).orElseThrow(), root.resolve("nodes"),
                admin, () -> ca, id -> { }, List::of);
        return supervisor;
    }

    @Test
    void aPrimaryRestartedOnAMovedPortTakesItsRunningReplicaAlong() throws Exception {
        NodeSupervisor nodes = supervisor();
        NodeSpec primary = new NodeSpec("n-001", 0, true, null);
        NodeSpec replica = new NodeSpec("n-002", 0, true, "n-001");
        int chosen = nodes.layout().internalPort("n-001");
        try (ServerSocket foreign = hold(chosen)) {
            nodes.ensureRunning(primary);
        }
        int first = nodes.layout().internalPort("n-001");
        assertThat(first).as("moved off the held port before its first start").isNotEqualTo(chosen);
        nodes.ensureRunning(replica);
        awaitReplicating(nodes, "n-002", first);

        // The primary dies and its port is taken before it starts again: it moves, and its replica follows.
        long pid = nodes.pid("n-001").orElseThrow();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        ProcessHandle.of(pid).orElseThrow().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        try (ServerSocket foreign = hold(first)) {
            nodes.ensureRunning(primary);
            int second = nodes.layout().internalPort("n-001");
            assertThat(second).isNotIn(first, chosen);
            awaitReplicating(nodes, "n-002", second);
            assertThat(NodeRecord.read(nodes.layout().nodeDir("n-001")).orElseThrow().tlsPort()).isEqualTo(second);
        }
    }

    @Test
    void aNodeThatCannotBindIsToldAtOnceNotAfterTheStartTimeout() throws Exception {
        NodeSupervisor nodes = supervisor();
        NodeLayout layout = nodes.layout();
        int port = layout.internalPort("n-001");
        Path dir = layout.nodeDir("n-001");
        Path socket = layout.socketPath("n-001");
        AdminCredentials admin = AdminCredentials.loadOrCreate(root);
        String config = NodeConfig.of(dir, socket, port, layout.certificate("n-001"), admin, null);
        try (ServerSocket foreign = hold(port)) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> NodeLauncher.launch(EngineBinary.find(null, Engine.REDIS).orElseThrow(),
                    new NodeRecord(new NodeSpec("n-001", 0, true, null), port, socket), dir, config, admin))
                    .isInstanceOf(NodeLauncher.PortInUse.class).hasMessageContaining("Address already in use");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
        }
    }

    private static ServerSocket hold(int port) throws Exception {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return socket;
    }

    private static void awaitReplicating(NodeSupervisor nodes, String replica, int primaryPort) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            String info = NodeProbe.exchange(nodes.socketPath(replica), nodes.admin(),
                    List.of(List.of("INFO", "replication"))).map(r -> (String) r.get(0)).orElse("");
            return info.contains("master_port:" + primaryPort + "\r") && info.contains("master_link_status:up");
        });
    }
}
