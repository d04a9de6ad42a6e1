package dev.cachewarden.protocol.sigv4;

import dev.cachewarden.protocol.PercentDecoder;
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

    /**
     * The wire query decoded pair by pair by the same strict decoder as the form (a malformed escape
     * or invalid UTF-8 is MalformedQueryString here too), re-encoded the SigV4 way and sorted by the
     * encoded name, then value; the signature itself left out.
     */
    static String query(String rawQuery, boolean presigned) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (Map.Entry<String, String> pair : PercentDecoder.pairs(rawQuery)) {
            if (presigned && pair.getKey().equals("X-Amz-Signature")) {
                continue;
            }
            pairs.add(new String[] {encode(pair.getKey()), encode(pair.getValue())});
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

    /** The text's UTF-8 bytes, encoded as {@link #encode(byte[])} does. */
    static String encode(String text) {
        return encode(text.getBytes(StandardCharsets.UTF_8));
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
}
