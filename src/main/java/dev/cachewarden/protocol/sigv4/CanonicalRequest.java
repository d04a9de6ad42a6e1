package dev.cachewarden.protocol.sigv4;

import dev.cachewarden.protocol.AwsException;
import dev.cachewarden.protocol.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The canonical request of SigV4 for every service but S3: the path normalized and URI-encoded
 * once more (the SDKs encode the already-encoded wire path again), the query re-encoded and sorted,
 * the signed headers with trimmed values, and the payload's SHA-256.
 */
public final class CanonicalRequest {
    private CanonicalRequest() {}

    public static String of(SignedRequest request, List<String> signedHeaders, boolean presigned, String payloadHash) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(request.method()).append('\n');
        sb.append(uri(request.rawPath())).append('\n');
        sb.append(query(request.rawQuery(), presigned)).append('\n');
        for (String name : signedHeaders) {
            sb.append(name).append(':').append(headerValue(request.headers().values(name))).append('\n');
        }
        sb.append('\n');
        sb.append(String.join(";", signedHeaders)).append('\n');
        sb.append(payloadHash);
        return sb.toString();
    }

    /** Removes empty and dot segments, then encodes each segment; a trailing slash is kept. */
    static String uri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : rawPath.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(segment);
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String segment : segments) {
            sb.append('/').append(encode(segment.getBytes(StandardCharsets.UTF_8)));
        }
        if (segments.isEmpty() || rawPath.endsWith("/")) {
            sb.append('/');
        }
        return sb.toString();
    }

    /** The wire query decoded pair by pair, re-encoded the SigV4 way and sorted; the signature itself left out. */
    static String query(String rawQuery, boolean presigned) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> pair : QueryPairs.decode(rawQuery)) {
            String name = encode(pair.getKey());
            if (presigned && name.equals("X-Amz-Signature")) {
                continue;
            }
            pairs.add(new String[] {name, encode(pair.getValue())});
        }
        pairs.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        StringBuilder sb = new StringBuilder();
        for (String[] p : pairs) {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(p[0]).append('=').append(p[1]);
        }
        return sb.toString();
    }

    /** All of a header's values, each trimmed with inner runs of spaces folded to one, joined by commas. */
    static String headerValue(List<String> values) {
        StringBuilder sb = new StringBuilder();
        for (String value : values) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            String v = value.strip();
            boolean space = false;
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c == ' ' || c == '\t') {
                    space = true;
                } else {
                    if (space) {
                        sb.append(' ');
                        space = false;
                    }
                    sb.append(c);
                }
            }
        }
        return sb.toString();
    }

    /** RFC 3986 encoding of everything but the unreserved characters, upper-case hex. */
    static String encode(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return sb.toString();
    }

    /** Splits and percent-decodes a raw query into byte pairs ({@code +} is a space, as forms have it). */
    static final class QueryPairs {
        private QueryPairs() {}

        static List<Map.Entry<byte[], byte[]>> decode(String rawQuery) {
            List<Map.Entry<byte[], byte[]>> out = new ArrayList<>();
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                out.add(Map.entry(unescape(name), unescape(value)));
            }
            return out;
        }

        static String decodeToString(String s) {
            return new String(unescape(s), StandardCharsets.UTF_8);
        }

        private static byte[] unescape(String s) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '+') {
                    out.write(' ');
                } else if (c == '%') {
                    int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                    int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                    if (hi < 0 || lo < 0) {
                        throw new AwsException(ErrorCode.MALFORMED_QUERY_STRING,
                                "The query string is malformed: invalid percent escape.");
                    }
                    out.write(hi << 4 | lo);
                    i += 2;
                } else if (c < 0x80) {
                    out.write(c);
                } else {
                    byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                    out.write(utf8, 0, utf8.length);
                }
            }
            return out.toByteArray();
        }
    }
}
