package dev.cachewarden.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes {@code application/x-www-form-urlencoded} text (a POST body or a query string) strictly:
 * a bad percent escape, invalid UTF-8 or a repeated name is refused rather than guessed at, since a
 * lenient decoder would let two readers of one request disagree. The input is the raw bytes seen as
 * ISO-8859-1 (one char per byte), so the UTF-8 decoding happens once, here, after unescaping.
 */
public final class FormDecoder {
    private FormDecoder() {}

    public static Map<String, String> decode(String form, int maxParameters) {
        Map<String, String> out = new LinkedHashMap<>();
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
                String pair = form.substring(start, end);
                int eq = pair.indexOf('=');
                String name = unescape(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : unescape(pair.substring(eq + 1));
                if (name.isEmpty()) {
                    throw malformed("a parameter has no name");
                }
                if (out.putIfAbsent(name, value) != null) {
                    throw malformed("the parameter " + name + " is given more than once");
                }
                if (out.size() > maxParameters) {
                    throw malformed("the request has more than " + maxParameters + " parameters");
                }
            }
            start = end + 1;
        }
        return out;
    }

    private static String unescape(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0 && isAscii(s)) {
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
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw malformed("invalid percent escape");
                }
                bytes.put((byte) (hi << 4 | lo));
                i += 2;
            } else if (c <= 0xFF) {
                bytes.put((byte) c);
            } else {
                throw malformed("a character outside the form encoding");
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

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static AwsException malformed(String why) {
        return new AwsException(ErrorCode.MALFORMED_QUERY_STRING, "The query string is malformed: " + why + ".");
    }
}
