package dev.cachewarden.front;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lengths a client announces but never means to send: bulk lengths over Redis's 512 MB are refused
 * as Redis refuses them; lengths within it, and huge multi-bulk counts, are streamed, never
 * allocated up front, so a hundred connections announcing them cost the front next to nothing.
 */
class HugeLengthsIT {
    @TempDir
    static Path dir;
    static NodeBehindFront node;

    @BeforeAll
    static void start() throws Exception {
        node = new NodeBehindFront(dir, new FrontLimits(Duration.ofSeconds(30), FrontLimits.REDIS_MAX_BULK_LENGTH));
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    static List<String> answer(String input) throws Exception {
        try (RawClient c = new RawClient(node.port)) {
            c.send(input);
            return c.readUntilClosed(Duration.ofSeconds(10));
        }
    }

    @Test
    void lengthsBeyondRedisLimitsAreProtocolErrors() throws Exception {
        assertThat(answer("*1\r\n$2147483647\r\n")).containsExactly("-ERR Protocol error: invalid bulk length");
        assertThat(answer("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$536870913\r\n"))
                .as("one byte over proto-max-bulk-len").containsExactly("-ERR Protocol error: invalid bulk length");
        assertThat(answer("*1\r\n$9223372036854775807\r\n")).containsExactly("-ERR Protocol error: invalid bulk length");
        assertThat(answer("*2147483648\r\n")).containsExactly("-ERR Protocol error: invalid multibulk length");
        assertThat(answer("*99999999999999999999\r\n")).containsExactly("-ERR Protocol error: invalid multibulk length");
        node.stillServes();
    }

    @Test
    void announcedButUnsentLengthsCostTheFrontNothing() throws Exception {
        long before = NodeBehindFront.usedMemory();
        List<RawClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                RawClient c = new RawClient(node.port);
                clients.add(c);
                switch (i % 4) {
                    case 0 -> c.send("*2147483647\r\n$4\r\nECHO\r\n"); // the node's biggest count
                    case 1 -> c.send("*3\r\n$3\r\nSET\r\n$4\r\nhuge\r\n$536870912\r\n" + "v".repeat(4096));
                    case 2 -> c.send("*3\r\n$4\r\nAUTH\r\n$5\r\nalice\r\n$536870912\r\n" + "p".repeat(4096));
                    default -> c.send("*1000000\r\n");
                }
            }
            for (RawClient c : clients) {
                assertThat(c.openAfter(Duration.ofMillis(20))).as("still waiting for the rest").isTrue();
            }
            long during = NodeBehindFront.usedMemory();
            assertThat(during - before).as("memory held for 100 connections announcing up to 512 MB each")
                    .isLessThan(64L * 1024 * 1024);
            node.stillServes();
        } finally {
            for (RawClient c : clients) {
                c.close();
            }
        }
        node.drained();
        try (RawClient c = new RawClient(node.port)) {
            c.command("EXISTS", "huge");
            assertThat(c.readLine()).as("a value cut short was never stored").isEqualTo(":0");
        }
        node.stillServes();
    }
}
