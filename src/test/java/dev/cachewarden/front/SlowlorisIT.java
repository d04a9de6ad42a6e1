package dev.cachewarden.front;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that stop in the middle (slowloris): a hundred connections stalled at every point of a
 * command are closed once the stall limit passes (1 s here, 60 s by default), as is a TLS handshake
 * left unfinished (Netty's 10 s handshake limit); a connection idle between commands stays, as on
 * a node; a client that sends slowly but keeps going is served; everyone else is served throughout.
 */
class SlowlorisIT {
    static final Duration STALL = Duration.ofSeconds(1);

    @TempDir
    static Path dir;
    static NodeBehindFront node;

    @BeforeAll
    static void start() throws Exception {
        node = new NodeBehindFront(dir, new FrontLimits(STALL, FrontLimits.REDIS_MAX_BULK_LENGTH), true);
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void connectionsStalledMidCommandAreClosedAndOthersServed() throws Exception {
        List<String> stalls = List.of("*", "*3\r", "*3\r\n", "*3\r\n$3\r\nSET\r\n$", "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100\r\nabc",
                "*3\r\n$4\r\nAUTH\r\n$5\r\nalice\r\n$19\r\nalice", "SET k v", "PING\r");
        List<RawClient> stalled = new ArrayList<>();
        try (RawClient idle = node.client()) {
            idle.command("PING");
            assertThat(idle.readLine()).isEqualTo("+PONG");
            long started = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                RawClient c = node.client();
                stalled.add(c);
                c.send(stalls.get(i % stalls.size()));
            }
            node.stillServes();
            for (RawClient c : stalled) {
                assertThat(c.readUntilClosed(Duration.ofSeconds(30))).isEmpty();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("closed after the stall limit, not before")
                    .isGreaterThanOrEqualTo(STALL);
            // Idle between commands is no stall: the connection stays, as on a node whose timeout is 0.
            assertThat(idle.openAfter(STALL.multipliedBy(2))).isTrue();
            idle.command("PING");
            assertThat(idle.readLine()).isEqualTo("+PONG");
        } finally {
            for (RawClient c : stalled) {
                c.close();
            }
        }
        node.drained();
        node.stillServes();
    }

    @Test
    void aSlowButSteadyClientIsServed() throws Exception {
        try (RawClient c = node.client()) {
            byte[] command = "*3\r\n$3\r\nSET\r\n$4\r\nslow\r\n$6\r\nsteady\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            for (byte b : command) {
                c.send(new byte[] {b});
                Thread.sleep(STALL.toMillis() / 10); // never a whole stall limit without a byte
            }
            assertThat(c.readLine()).isEqualTo("+OK");
        }
    }

    @Test
    void anUnfinishedTlsHandshakeIsClosed() throws Exception {
        long started = System.nanoTime();
        try (Socket plain = new Socket("127.0.0.1", node.port); Socket partial = new Socket("127.0.0.1", node.port)) {
            // The start of a ClientHello record, then nothing; and nothing at all.
            partial.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xc8, 0x01, 0x00});
            partial.getOutputStream().flush();
            for (Socket s : List.of(plain, partial)) {
                s.setSoTimeout(30_000);
                try {
                    assertThat(s.getInputStream().read()).as("closed without an answer").isEqualTo(-1);
                } catch (IOException reset) {
                    // closed by a reset: closed all the same
                }
            }
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(25));
        node.drained();
        node.stillServes();
    }
}
