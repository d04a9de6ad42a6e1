package dev.cachewarden.protocol.sigv4;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * {@code X-Amz-Date}, ISO-8601 basic ({@code yyyyMMddTHHmmssZ}), as an instant: of API requests and of
 * IAM tokens on cache connections. DateTimeFormatter's parse was a fifth of the signature check's CPU
 * (JFR) and a tenth of an IAM AUTH's (async-profiler, docs/bench.md), so the usual well-formed value is
 * read by hand; anything else (and a day the formatter's smart resolver would move) goes to the
 * formatter, which decides as it always did.
 */
public final class AmzDate {
    static final DateTimeFormatter BASIC = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT);

    private AmzDate() {}

    /** @throws DateTimeParseException where the formatter refuses it */
    public static Instant parse(String amzDate) {
        LocalDateTime read = handRead(amzDate);
        return (read != null ? read : LocalDateTime.parse(amzDate, BASIC)).toInstant(ZoneOffset.UTC);
    }

    /** The date when every field is plainly in range (days up to 28), else null: the formatter decides. */
    static LocalDateTime handRead(String s) {
        if (s.length() != 16 || s.charAt(8) != 'T' || s.charAt(15) != 'Z') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 4, 6);
        int day = digits(s, 6, 8);
        int hour = digits(s, 9, 11);
        int minute = digits(s, 11, 13);
        int second = digits(s, 13, 15);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null; // days 29-31 too: the formatter knows which months have them
        }
        return LocalDateTime.of(year, month, day, hour, minute, second);
    }

    /** The decimal number in {@code s[from, to)}, or -1 if any of it is not an ASCII digit. */
    private static int digits(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
