package dev.cachewarden.front.iam;

import dev.cachewarden.protocol.sigv4.AmzDate;
import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * An ElastiCache IAM authentication token as AWS defines it: a SigV4-presigned
 * {@code GET http://<cache id>/?Action=connect&User=<user id>[&ResourceType=ServerlessCache]} with the
 * {@code http://} scheme stripped. Parsing only splits and decodes; {@link TokenVerifier} judges.
 *
 * @param host the cache id the token was made for, as signed
 * @param rawQuery the query exactly as it arrived (the signature covers its decoded pairs)
 * @param params every query parameter, percent-decoded, by name
 */
record IamToken(String host, String path, String rawQuery, Map<String, String> params) {
    /** Larger than any real token (about 600 bytes with a session token of 1 KB is still far below). */
    static final int MAX_LENGTH = 8192;

    static IamToken parse(String password) throws Refusal {
        if (password == null || password.isEmpty()) {
            throw new Refusal("no token: the password is empty");
        }
        if (password.length() > MAX_LENGTH) {
            throw new Refusal("not a token: " + password.length() + " characters");
        }
        if (password.regionMatches(true, 0, "http://", 0, 7) || password.regionMatches(true, 0, "https://", 0, 8)) {
            throw new Refusal("the token keeps its URL scheme; AWS's tokens strip 'http://'");
        }
        int slash = password.indexOf('/');
        int question = password.indexOf('?');
        if (slash <= 0 || question < slash) {
            throw new Refusal("not a token: expected <cache id>/?Action=connect&User=…&X-Amz-…");
        }
        String host = password.substring(0, slash);
        String path = password.substring(slash, question);
        String rawQuery = password.substring(question + 1);
        Map<String, String> params = new HashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (params.putIfAbsent(name, value) != null) {
                throw new Refusal("the token gives the query parameter " + TokenVerifier.shown(name) + " more than once");
            }
        }
        return new IamToken(host, path, rawQuery, Map.copyOf(params));
    }

    String param(String name) {
        return params.get(name);
    }

    /** X-Amz-Date. */
    Instant signedAt() throws Refusal {
        String date = required("X-Amz-Date");
        try {
            return AmzDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new Refusal("X-Amz-Date '" + TokenVerifier.shown(date) + "' is not an ISO-8601 basic date");
        }
    }

    /** X-Amz-Expires. */
    Duration expires() throws Refusal {
        String expires = required("X-Amz-Expires");
        try {
            long seconds = Long.parseLong(expires);
            if (seconds < 1) {
                throw new NumberFormatException();
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw new Refusal("X-Amz-Expires '" + TokenVerifier.shown(expires) + "' is not a positive number of seconds");
        }
    }

    /** The five parts of X-Amz-Credential: key id, date, region, service, terminator. */
    String[] credential() throws Refusal {
        String credential = required("X-Amz-Credential");
        String[] scope = credential.split("/", -1);
        if (scope.length != 5 || scope[0].isEmpty() || !"aws4_request".equals(scope[4])) {
            throw new Refusal("X-Amz-Credential is not <key id>/<date>/<region>/<service>/aws4_request");
        }
        return scope;
    }

    String required(String name) throws Refusal {
        String value = params.get(name);
        if (value == null || value.isEmpty()) {
            throw new Refusal("the token has no " + name);
        }
        return value;
    }

    /** Strict percent-decoding to UTF-8: a bad escape or bad UTF-8 refuses the token. */
    static String decode(String s) throws Refusal {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new Refusal("the token has an invalid percent escape");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+') {
                out.write(' ');
            } else if (c < 0x80) {
                out.write(c);
            } else {
                throw new Refusal("the token has an unencoded non-ASCII character");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new Refusal("the token's query is not UTF-8");
        }
    }

    @Override
    public String toString() {
        // Never the signature: a token is a credential for up to 15 minutes.
        return "IamToken[host=" + host + "]";
    }
}
