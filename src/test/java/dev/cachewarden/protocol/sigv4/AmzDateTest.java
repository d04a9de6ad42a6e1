package dev.cachewarden.protocol.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-read X-Amz-Date agrees with the formatter wherever it answers, and leaves the rest to it. */
class AmzDateTest {
    private static final DateTimeFormatter BASIC = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT);

    @Test
    void readsWhatTheFormatterReads() {
        Random random = new Random(7);
        LocalDateTime start = LocalDateTime.of(1999, 1, 1, 0, 0, 0);
        for (int i = 0; i < 20_000; i++) {
            LocalDateTime t = start.plusSeconds(random.nextLong(40L * 365 * 86_400));
            String s = BASIC.format(t);
            LocalDateTime fast = AmzDate.handRead(s);
            if (t.getDayOfMonth() <= 28) {
                assertThat(fast).as(s).isEqualTo(t);
            } else {
                assertThat(fast).as(s).isNull();
            }
        }
    }

    @Test
    void leavesEveryOddDateToTheFormatter() {
        for (String s : new String[] {"20261304T101010Z", "20261200T101010Z", "20261231T101010Z", "20260229T101010Z",
                "20261204T241010Z", "20261204T106010Z", "20261204T101060Z", "2026120 T101010Z", "+2026124T101010Z",
                "20261204 101010Z", "20261204T101010z", "20261204T101010", "020261204T10101Z", "2026-12-04T10:10Z",
                "20261204T1010100Z", ""}) {
            assertThat(AmzDate.handRead(s)).as(s).isNull();
        }
    }
}
