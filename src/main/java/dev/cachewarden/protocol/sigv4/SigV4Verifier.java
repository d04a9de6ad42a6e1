package dev.cachewarden.protocol.sigv4;

import dev.cachewarden.protocol.AwsException;
import dev.cachewarden.protocol.ErrorCode;
import dev.cachewarden.protocol.PercentDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a request's AWS Signature Version 4, in the Authorization-header form or the presigned
 * query form, and answers who signed it; every failure is the AWS error a real endpoint gives.
 */
public final class SigV4Verifier {
    public static final String SERVICE = "elasticache";
    /** How far a request's date may be from the server's clock. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(15);
    private static final DateTimeFormatter BASIC =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final String region;
    private final String service;
    private final SecretKeys secrets;
    private final Clock clock;
    private final SigningKeyCache keyCache = new SigningKeyCache();

    public SigV4Verifier(String region, SecretKeys secrets, Clock clock) {
        this(region, SERVICE, secrets, clock);
    }

    /** With another service name: for the published test vectors, which sign for "service". */
    public SigV4Verifier(String region, String service, SecretKeys secrets, Clock clock) {
        this.region = region;
        this.service = service;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** @return the access key id that signed the request */
    public String verify(SignedRequest request) {
        SignatureParts parts = parse(request);
        checkTime(parts);
        if (!parts.scopeDate().equals(parts.amzDate().substring(0, 8))) {
            throw mismatch("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                    + parts.scopeDate() + "' != '" + parts.amzDate().substring(0, 8) + "', from '" + parts.amzDate()
                    + "'.");
        }
        if (!parts.region().equals(region)) {
            throw mismatch("Credential should be scoped to a valid region, not '" + parts.region() + "'. ");
        }
        if (!parts.service().equals(service)) {
            throw mismatch("Credential should be scoped to correct service: '" + service + "'. ");
        }
        String secret = secrets.secretFor(parts.accessKeyId()).orElseThrow(() -> new AwsException(
                ErrorCode.INVALID_CLIENT_TOKEN_ID, "The security token included in the request is invalid."));
        String payloadHash = SigV4Crypto.sha256Hex(request.body());
        String claimedHash = request.headers().first("x-amz-content-sha256");
        if (claimedHash != null && !claimedHash.equals(payloadHash)) {
            throw mismatch("The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        String canonical = CanonicalRequest.of(request, parts.signedHeaders(), parts.presigned(), payloadHash);
        String stringToSign = SignatureParts.ALGORITHM + "\n" + parts.amzDate() + "\n" + parts.scope() + "\n"
                + SigV4Crypto.sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
        byte[] key = keyCache.key(parts.accessKeyId(), secret, parts.scopeDate(), parts.region(), parts.service());
        String expected = SigV4Crypto.hex(SigV4Crypto.hmac(key, stringToSign));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                parts.signature().getBytes(StandardCharsets.US_ASCII))) {
            throw mismatch("The request signature we calculated does not match the signature you provided. "
                    + "Check your AWS Secret Access Key and signing method. Consult the service documentation for "
                    + "details.");
        }
        return parts.accessKeyId();
    }

    private static SignatureParts parse(SignedRequest request) {
        String authorization = request.headers().first("authorization");
        Map<String, String> presigned = presignedParams(request.rawQuery());
        if (authorization != null && presigned != null) {
            throw SignatureParts.incomplete("Only one auth mechanism allowed; only the X-Amz-Algorithm query "
                    + "parameter or the Authorization header should be specified.");
        }
        if (authorization != null) {
            return SignatureParts.fromHeader(authorization, request.headers().first("x-amz-date"));
        }
        if (presigned != null) {
            return SignatureParts.fromQuery(presigned);
        }
        throw new AwsException(ErrorCode.MISSING_AUTHENTICATION_TOKEN, "Request is missing Authentication Token");
    }

    /**
     * The X-Amz-* parameters of a presigned query, decoded by the same strict decoder as the
     * canonical request (so both agree on which parameter is the signature); null when the query has
     * none of the signing ones.
     */
    private static Map<String, String> presignedParams(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<String, String> pair : PercentDecoder.pairs(rawQuery)) {
            String name = pair.getKey();
            if (name.startsWith("X-Amz-") && out.putIfAbsent(name, pair.getValue()) != null) {
                throw SignatureParts.incomplete("The query parameter " + name + " is given more than once.");
            }
        }
        boolean signing = out.containsKey("X-Amz-Algorithm") || out.containsKey("X-Amz-Credential")
                || out.containsKey("X-Amz-Signature");
        return signing ? out : null;
    }

    private void checkTime(SignatureParts parts) {
        Instant now = clock.instant();
        Instant signedAt = parts.signedAt();
        if (parts.presigned()) {
            if (now.isAfter(signedAt.plus(parts.expires())) || signedAt.isAfter(now.plus(MAX_SKEW))) {
                throw new AwsException(ErrorCode.REQUEST_EXPIRED, "Request has expired");
            }
            return;
        }
        if (signedAt.isBefore(now.minus(MAX_SKEW))) {
            throw new AwsException(ErrorCode.REQUEST_EXPIRED, "Signature expired: " + parts.amzDate()
                    + " is now earlier than " + BASIC.format(now.minus(MAX_SKEW)) + " (" + BASIC.format(now)
                    + " - 15 min.)");
        }
        if (signedAt.isAfter(now.plus(MAX_SKEW))) {
            throw new AwsException(ErrorCode.REQUEST_EXPIRED, "Signature not yet current: " + parts.amzDate()
                    + " is still later than " + BASIC.format(now.plus(MAX_SKEW)) + " (" + BASIC.format(now)
                    + " + 15 min.)");
        }
    }

    private static AwsException mismatch(String message) {
        return new AwsException(ErrorCode.SIGNATURE_DOES_NOT_MATCH, message);
    }
}
