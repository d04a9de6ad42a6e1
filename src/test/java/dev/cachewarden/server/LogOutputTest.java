package dev.cachewarden.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The log's stderr: a line after a quiet spell at once, a burst in few writes, nothing lost. */
class LogOutputTest {
    /** What reaches "stderr", and in how many writes. */
    static final class Target extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final AtomicInteger writes = new AtomicInteger();

        @Override
        public synchronized void write(int b) {
            writes.incrementAndGet();
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes.incrementAndGet();
            bytes.write(b, off, len);
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void aLineAfterAQuietSpellIsWrittenAtOnce() throws Exception {
        Target target = new Target();
        LogOutput out = new LogOutput(target);
        Thread.sleep(50);
        out.write("first\n".getBytes(StandardCharsets.UTF_8));
        assertThat(target.text()).isEqualTo("first\n");
        Thread.sleep(50);
        out.write("second\n".getBytes(StandardCharsets.UTF_8));
        assertThat(target.text()).isEqualTo("first\nsecond\n");
    }

    @Test
    void aBurstIsGatheredIntoFewWritesAndArrivesWhole() throws Exception {
        Target target = new Target();
        LogOutput out = new LogOutput(target);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            String line = "request " + i + " answered\n";
            expected.append(line);
            out.write(line.getBytes(StandardCharsets.UTF_8));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> target.text().length() == expected.length());
        assertThat(target.text()).isEqualTo(expected.toString());
        assertThat(target.writes.get()).as("writes to stderr for 2,000 lines").isLessThan(200);
    }

    @Test
    void flushWritesWhatIsGatheredAtOnce() throws Exception {
        Target target = new Target();
        LogOutput out = new LogOutput(target);
        out.write("one\n".getBytes(StandardCharsets.UTF_8));
        out.write("two\n".getBytes(StandardCharsets.UTF_8));
        out.write("three\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        assertThat(target.text()).isEqualTo("one\ntwo\nthree\n");
    }
}
