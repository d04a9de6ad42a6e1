package dev.cachewarden.engine.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortsTest {
    @Test
    void portsAreChosenBelowTheRangeForOutgoingConnectionsAndAvoidTheTakenOnes() throws Exception {
        int ephemeralLow = Ports.ephemeralLow();
        Set<Integer> taken = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            int port = Ports.free(taken);
            assertThat(port).isBetween(Ports.LOWEST, ephemeralLow - 1).isNotIn(taken);
            taken.add(port);
        }
        int port = Ports.free(Set.of());
        try (ServerSocket listening = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(Ports.freeOn("127.0.0.1", port)).as("a port someone listens on is not free").isFalse();
        }
    }

    @Test
    void theKernelsRangeIsRead() {
        assertThat(Ports.ephemeralLow()).isGreaterThan(1024);
    }
}
