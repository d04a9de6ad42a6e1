package dev.cachewarden.front;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The front's memory stays bounded whatever a client does with the data: a client that asks for
 * 100 MB of replies and does not read them is throttled (the front stops reading the node, whose
 * own output buffer holds the rest), and once it reads, every byte arrives; a 64 MB value sent in
 * is streamed to the node, never held.
 */
class SlowReaderMemoryIT {
    static final int VALUE = 512 * 1024;
    static final int GETS = 200;
    static final long BOUND = 32L * 1024 * 1024;

    @TempDir
    static Path dir;
    static NodeBehindFront node;

    @BeforeAll
    static void start() throws Exception {
        node = new NodeBehindFront(dir, FrontLimits.defaults());
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aClientThatDoesNotReadItsRepliesIsThrottledNotBuffered() throws Exception {
        try (RawClient c = node.client()) {
            c.command("SET", "big", "v".repeat(VALUE));
            assertThat(c.readLine()).isEqualTo("+OK");
            long before = NodeBehindFront.usedMemory();
            StringBuilder gets = new StringBuilder();
            for (int i = 0; i < GETS; i++) {
                gets.append("*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n");
            }
            c.send(gets.toString());
            Thread.sleep(3_000); // the node has answered everything by now; the client read nothing
            long held = NodeBehindFront.usedMemory() - before;
            assertThat(held).as("held while " + (long) GETS * VALUE / (1024 * 1024) + " MB of replies wait")
                    .isLessThan(BOUND);
            node.stillServes();
            // Then it reads: nothing was lost.
            long expected = (long) GETS * ("$" + VALUE + "\r\n").length() + (long) GETS * (VALUE + 2);
            assertThat(drain(c.in, expected)).isEqualTo(expected);
        }
    }

    @Test
    void aBigValueIsStreamedToTheNodeNotHeld() throws Exception {
        int size = 64 * 1024 * 1024;
        try (RawClient c = node.client()) {
            long before = NodeBehindFront.usedMemory();
            c.send("*3\r\n$3\r\nSET\r\n$4\r\nhuge\r\n$" + size + "\r\n");
            byte[] chunk = new byte[1024 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'x');
            long peak = 0;
            for (int sent = 0; sent < size; sent += chunk.length) {
                c.out.write(chunk);
                if (sent % (16 * chunk.length) == 0) {
                    peak = Math.max(peak, NodeBehindFront.usedMemory() - before);
                }
            }
            c.send("\r\n");
            assertThat(c.readLine()).isEqualTo("+OK");
            assertThat(peak).as("held while a 64 MB value went through").isLessThan(BOUND);
            c.command("STRLEN", "huge");
            assertThat(c.readLine()).isEqualTo(":" + size);
            c.command("DEL", "huge", "big");
            c.readLine();
        }
    }

    private static long drain(InputStream in, long expected) throws Exception {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        while (total < expected) {
            int n = in.read(buf);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
