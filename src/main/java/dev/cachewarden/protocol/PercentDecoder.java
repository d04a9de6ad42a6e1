package dev.cachewarden.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one reader of {@code application/x-www-form-urlencoded} text, for the POST body and the query
 * string alike, so the form decoder and the SigV4 canonical request always see the same names and
 * values. Strict: {@code +} is a space, {@code %XX} one byte, printable ASCII itself; a bad or
 * truncated escape, a raw character outside ASCII (RFC 3986 wants it percent-encoded, and Jetty has
 * already replaced invalid raw bytes with U+FFFD) and bytes that are not UTF-8 are refused with
 * {@code MalformedQueryString}, never guessed at.
 */
public final class PercentDecoder {
    private PercentDecoder() {}

    /** The pairs in order, empty segments ({@code a=1&&b=2}) skipped; a pair without {@code =} has the value "". */
    public static List<Map.Entry<String, String>> pairs(String form) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        if (form == null || form.isEmpty()) {
            return out;
        }
        int start = 0;
        while (start <= form.length()) {
            int end = form.indexOf('&', start);
            if (end < 0) {
                end = form.length();
            }
            if (end > start) {
                int eq = form.indexOf('=', start);
                if (eq < 0 || eq > end) {
                    out.add(Map.entry(decode(form.substring(start, end)), ""));
                } else {
                    out.add(Map.entry(decode(form.substring(start, eq)), decode(form.substring(eq + 1, end))));
                }
            }
            start = end + 1;
        }
        return out;
    }

    /** One name or value, unescaped and read as UTF-8. */
    public static String decode(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            checkAscii(s);
            return s;
        }
        ByteBuffer bytes = ByteBuffer.allocate(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                bytes.put((byte) ' ');
            } else if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw malformed("incomplete percent escape");
                }
                int hi = hexDigit(s.charAt(i + 1));
                int lo = hexDigit(s.charAt(i + 2));
                if (hi < 0 || lo < 0) {
                    throw malformed("invalid percent escape");
                }
                bytes.put((byte) (hi << 4 | lo));
                i += 2;
            } else if (c < 0x80) {
                bytes.put((byte) c);
            } else {
                throw notEncoded();
            }
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw malformed("invalid UTF-8 in a percent-encoded value");
        }
    }

    /** Only ASCII hex digits: {@link Character#digit} would also take full-width and other Unicode digits. */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    private static void checkAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                throw notEncoded();
            }
        }
    }

    private static AwsException notEncoded() {
        return malformed("a character outside ASCII is not percent-encoded");
    }

    static AwsException malformed(String why) {
        return new AwsException(ErrorCode.MALFORMED_QUERY_STRING, "The query string is malformed: " + why + ".");
    }
}
