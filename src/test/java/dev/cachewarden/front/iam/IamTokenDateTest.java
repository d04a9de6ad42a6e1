package dev.cachewarden.front.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * A token's X-Amz-Date is read as the formatter reads it, and refused where the formatter refuses it
 * (AmzDateTest: the hand-read part).
 */
class IamTokenDateTest {
    private static final DateTimeFormatter BASIC = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT);

    @Test
    void signedAtAnswersAsTheFormatterDoes() throws Exception {
        for (String s : new String[] {"20261204T101010Z", "20260228T235959Z", "20260229T101010Z", "20240229T101010Z",
                "20260230T101010Z", "20261231T235959Z", "20261232T101010Z", "20261204T241010Z", "20261204T101060Z",
                "20261204 101010Z", "2026-12-04T10:10Z"}) {
            IamToken token = new IamToken("c", "/", "", java.util.Map.of("X-Amz-Date", s));
            java.time.Instant expected;
            try {
                expected = LocalDateTime.parse(s, BASIC).toInstant(java.time.ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                expected = null;
            }
            java.time.Instant actual;
            try {
                actual = token.signedAt();
            } catch (Refusal r) {
                actual = null;
            }
            assertThat(actual).as(s).isEqualTo(expected);
        }
    }
}
