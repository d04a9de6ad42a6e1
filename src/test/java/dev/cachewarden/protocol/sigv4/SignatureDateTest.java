package dev.cachewarden.protocol.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** X-Amz-Date read by hand must give exactly what the formatter gave, and refuse what it refused. */
class SignatureDateTest {
    private static final DateTimeFormatter BASIC = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT);

    @Test
    void wellFormedDatesAsTheFormatterReadsThem() {
        for (String date : List.of("20150830T123600Z", "20261204T235959Z", "20000101T000000Z", "20240229T120000Z",
                "20230231T010203Z", "20261131T101010Z", "20261231T235959Z", "00010101T000000Z")) {
            assertThat(AmzDate.parse(date)).as(date)
                    .isEqualTo(LocalDateTime.parse(date, BASIC).toInstant(ZoneOffset.UTC));
        }
    }

    @Test
    void malformedDatesFailAsBefore() {
        for (String date : List.of("2015-08-30T12:36:00Z", "20150830T123600", "20151330T123600Z", "20150830T246000Z",
                "20150830T12360aZ", "2015083OT123600Z", "20150830X123600Z", "", "20150832T000000Z")) {
            assertThatThrownBy(() -> AmzDate.parse(date)).as(date).isInstanceOf(DateTimeParseException.class);
        }
    }
}
