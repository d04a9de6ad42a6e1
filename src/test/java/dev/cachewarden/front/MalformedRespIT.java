package dev.cachewarden.front;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed and truncated RESP on real sockets: the front answers what Redis answers (after the
 * replies to the commands before), closes that connection, lets nothing half-parsed reach the node,
 * and stays up for everyone else. Random bytes too: whatever arrives, each connection ends with
 * replies or a close, never a hang, and the front still serves.
 */
class MalformedRespIT {
    @TempDir
    static Path dir;
    static NodeBehindFront node;

    @BeforeAll
    static void start() throws Exception {
        node = new NodeBehindFront(dir, new FrontLimits(Duration.ofSeconds(2), FrontLimits.REDIS_MAX_BULK_LENGTH));
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    static List<String> answer(String input) throws IOException {
        try (RawClient c = new RawClient(node.port)) {
            c.send(input);
            return c.readUntilClosed(Duration.ofSeconds(10));
        }
    }

    @Test
    void malformedCommandsGetRedisErrorsAfterTheEarlierRepliesAndTheConnectionCloses() throws Exception {
        assertThat(answer("*1\r\n$4\r\nPING\r\n*-2x\r\n"))
                .containsExactly("+PONG", "-ERR Protocol error: invalid multibulk length");
        assertThat(answer("*2\r\n$4\r\nECHO\r\n:12\r\n")).containsExactly("-ERR Protocol error: expected '$', got ':'");
        assertThat(answer("*1\r\n$abc\r\n")).containsExactly("-ERR Protocol error: invalid bulk length");
        assertThat(answer("*1\r\n$01\r\n")).as("a leading zero, as Redis's string2ll")
                .containsExactly("-ERR Protocol error: invalid bulk length");
        assertThat(answer("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$" + "9".repeat(70_000)))
                .containsExactly("-ERR Protocol error: too big bulk count string");
        assertThat(answer("ECHO 'open\r\n")).containsExactly("-ERR Protocol error: unbalanced quotes in request");
        node.stillServes();
    }

    @Test
    void aCommandCutShortByTheClientNeverReachesTheNode() throws Exception {
        // Cut in the count line, a length line, the data, and in an AUTH the front holds whole.
        for (String cut : List.of("*3\r\n$3\r\nSET\r\n$3\r\ncut\r\n$5\r\nval", "*3\r\n$3\r\nSET\r\n$3\r\ncut\r\n$1",
                "*3\r\n$3\r\nSET\r\n$3\r\ncut\r\n", "*3", "*3\r\n$4\r\nAUTH\r\n$5\r\nalice\r\n$19\r\nalice-pass")) {
            try (RawClient c = new RawClient(node.port)) {
                c.send(cut);
            }
        }
        node.drained();
        try (RawClient c = new RawClient(node.port)) {
            c.command("EXISTS", "cut");
            assertThat(c.readLine()).isEqualTo(":0");
        }
        node.stillServes();
    }

    @Test
    void randomBytesEndInRepliesOrACloseNeverAHang() throws Exception {
        Random random = new Random(20261204L);
        byte[] alphabet = "*$\r\n0123456789-+: \"'abcAUTHELOPINGSET\\x".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 150; i++) {
            byte[] input = new byte[1 + random.nextInt(200)];
            for (int j = 0; j < input.length; j++) {
                // Mostly RESP's own characters, sometimes any byte at all.
                input[j] = random.nextInt(8) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
            }
            try (RawClient c = new RawClient(node.port)) {
                c.send(input);
                c.send("\r\n*1\r\n$4\r\nQUIT\r\n");
                // Either the front or the node (QUIT, or a protocol error) ends it; or it waits mid-command
                // for more, and the stall limit (2 s here) ends it.
                c.readUntilClosed(Duration.ofSeconds(15));
            }
        }
        node.drained();
        node.stillServes();
    }
}
