package dev.cachewarden.protocol.sigv4;

import dev.cachewarden.protocol.AwsException;
import dev.cachewarden.protocol.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The signature's claims, from the {@code Authorization} header or from the presigned query
 * parameters: who signed, for which scope, which headers, when, and the signature itself.
 */
record SignatureParts(
        String accessKeyId,
        String scopeDate,
        String region,
        String service,
        List<String> signedHeaders,
        String signature,
        String amzDate,
        Instant signedAt,
        Duration expires,
        boolean presigned) {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final long MAX_EXPIRES_SECONDS = 7 * 24 * 3600;

    String scope() {
        return scopeDate + "/" + region + "/" + service + "/aws4_request";
    }

    /** {@code AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…} plus the X-Amz-Date header. */
    static SignatureParts fromHeader(String authorization, String amzDate) {
        if (!authorization.startsWith(ALGORITHM + " ")) {
            throw incomplete("Authorization header requires 'Credential' parameter. Authorization header requires "
                    + "'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. "
                    + "Authorization=" + authorization);
        }
        Map<String, String> fields = new HashMap<>();
        for (String part : authorization.substring(ALGORITHM.length() + 1).split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 0) {
                throw incomplete("'" + p + "' not a valid key=value pair (missing equal-sign) in Authorization header: '"
                        + authorization + "'.");
            }
            fields.put(p.substring(0, eq), p.substring(eq + 1));
        }
        StringBuilder missing = new StringBuilder();
        for (String required : List.of("Credential", "Signature", "SignedHeaders")) {
            if (!fields.containsKey(required)) {
                missing.append("Authorization header requires '").append(required).append("' parameter. ");
            }
        }
        if (amzDate == null) {
            missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        if (!missing.isEmpty()) {
            throw incomplete(missing + "Authorization=" + authorization);
        }
        return build(fields.get("Credential"), fields.get("SignedHeaders"), fields.get("Signature"), amzDate, null);
    }

    /** The presigned form: {@code X-Amz-Algorithm}, {@code -Credential}, {@code -Date}, {@code -SignedHeaders}, {@code -Signature}, {@code -Expires}. */
    static SignatureParts fromQuery(Map<String, String> params) {
        String algorithm = params.get("X-Amz-Algorithm");
        List<String> required = List.of("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-Date",
                "X-Amz-SignedHeaders", "X-Amz-Expires");
        if (required.stream().anyMatch(name -> params.get(name) == null)) {
            throw incomplete("AWS query-string parameters must include 'X-Amz-Algorithm', 'X-Amz-Credential', "
                    + "'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders', 'X-Amz-Expires'. "
                    + "Re-examine the query-string parameters.");
        }
        if (!ALGORITHM.equals(algorithm)) {
            throw incomplete("X-Amz-Algorithm only supports \"" + ALGORITHM + "\", not '" + algorithm + "'.");
        }
        Duration expires;
        try {
            long seconds = Long.parseLong(params.get("X-Amz-Expires"));
            if (seconds < 1 || seconds > MAX_EXPIRES_SECONDS) {
                throw new NumberFormatException();
            }
            expires = Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw incomplete("X-Amz-Expires must be a whole number of seconds from 1 to " + MAX_EXPIRES_SECONDS
                    + ", not '" + params.get("X-Amz-Expires") + "'.");
        }
        return build(params.get("X-Amz-Credential"), params.get("X-Amz-SignedHeaders"), params.get("X-Amz-Signature"),
                params.get("X-Amz-Date"), expires);
    }

    private static SignatureParts build(String credential, String signedHeaders, String signature, String amzDate,
            Duration expires) {
        String[] scope = credential.split("/", -1);
        if (scope.length != 5) {
            throw incomplete("Credential must have exactly 5 slash-delimited elements, e.g. "
                    + "keyid/date/region/service/term, got '" + credential + "'");
        }
        if (!"aws4_request".equals(scope[4])) {
            throw incomplete("Credential should be scoped with a valid terminator: 'aws4_request', not '"
                    + scope[4] + "'. ");
        }
        if (scope[0].isEmpty()) {
            throw new AwsException(ErrorCode.INVALID_CLIENT_TOKEN_ID,
                    "The security token included in the request is invalid.");
        }
        Instant signedAt;
        try {
            signedAt = AmzDate.parse(amzDate);
        } catch (DateTimeParseException e) {
            throw incomplete("Date must be in ISO-8601 'basic format'. Got '" + amzDate
                    + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
        if (signedHeaders.isEmpty()) {
            throw incomplete("SignedHeaders must name at least the host header.");
        }
        List<String> headers = Arrays.asList(signedHeaders.split(";", -1));
        if (headers.stream().anyMatch(h -> h.isEmpty() || !h.equals(h.toLowerCase(Locale.ROOT)))) {
            throw incomplete("SignedHeaders must be lower-case header names separated by ';', got '"
                    + signedHeaders + "'.");
        }
        if (!headers.contains("host")) {
            throw incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        return new SignatureParts(scope[0], scope[1], scope[2], scope[3], List.copyOf(headers), signature, amzDate,
                signedAt, expires, expires != null);
    }

    static AwsException incomplete(String message) {
        return new AwsException(ErrorCode.INCOMPLETE_SIGNATURE, message);
    }
}
