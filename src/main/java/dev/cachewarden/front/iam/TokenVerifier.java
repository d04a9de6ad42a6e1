package dev.cachewarden.front.iam;

import dev.cachewarden.protocol.AwsException;
import dev.cachewarden.protocol.sigv4.SecretKeys;
import dev.cachewarden.protocol.sigv4.SigV4Verifier;
import dev.cachewarden.protocol.sigv4.SignedRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Checks an IAM token's claims against the connection it arrived on, then its SigV4 signature, and
 * answers the access key that signed it. The claims are checked first and each refusal names its rule,
 * so the log says why; the signature itself is checked by the API's own verifier, the token being a
 * presigned URL whose host is the cache id.
 */
final class TokenVerifier {
    /** ElastiCache's tokens are valid for 15 minutes at most. */
    static final Duration MAX_AGE = Duration.ofMinutes(15);
    /** How far ahead of our clock a token may be dated (a client's clock running fast). */
    static final Duration FUTURE_SKEW = Duration.ofMinutes(5);
    static final String SERVERLESS_RESOURCE_TYPE = "ServerlessCache";

    private final String region;
    private final SecretKeys secrets;
    private final SigV4Verifier signatures;
    private final Clock clock;
    private final VerifiedTokens verified = new VerifiedTokens();

    /** @param secrets null with {@code --no-auth}: claims checked, signatures not */
    TokenVerifier(String region, SecretKeys secrets, Clock clock) {
        this.region = region;
        this.secrets = secrets;
        this.signatures = secrets == null ? null : new SigV4Verifier(region, secrets, clock);
        this.clock = clock;
    }

    /**
     * The access key that signed {@code password}, an IAM token for this connection; a token already
     * verified for the same cache and user is taken from {@link VerifiedTokens} until it expires.
     *
     * @param cacheId the replication group id, or the serverless cache's name
     * @param userId the ElastiCache user the connection authenticates as
     */
    String verify(String password, String cacheId, boolean serverless, String userId) throws Refusal {
        VerifiedTokens.Digest digest = password == null || password.isEmpty() || password.length() > IamToken.MAX_LENGTH
                ? null : VerifiedTokens.Digest.of(password);
        if (digest != null) {
            String known = verified.accessKeyId(digest, cacheId, serverless, userId, clock.instant(), this::currentSecret);
            if (known != null) {
                return known;
            }
        }
        IamToken token = IamToken.parse(password);
        Verified v = verify(token, cacheId, serverless, userId);
        verified.remember(digest, cacheId, serverless, userId, v.accessKeyId(), v.secret(),
                token.signedAt().plus(token.expires()));
        return v.accessKeyId();
    }

    /** @param secret the secret the signature was checked with (read before checking it); null with --no-auth */
    private record Verified(String accessKeyId, String secret) {}

    private String currentSecret(String accessKeyId) {
        return secrets == null ? null : secrets.secretFor(accessKeyId).orElse(null);
    }

    /** Every rule, from scratch. */
    private Verified verify(IamToken token, String cacheId, boolean serverless, String userId) throws Refusal {
        if (!token.host().equalsIgnoreCase(cacheId)) {
            throw new Refusal("the token is for cache '" + shown(token.host()) + "', not '" + cacheId + "'");
        }
        if (!token.path().equals("/")) {
            throw new Refusal("the token's path is '" + shown(token.path()) + "', not '/'");
        }
        String action = token.param("Action");
        if (!"connect".equals(action)) {
            throw new Refusal(action == null ? "the token has no Action=connect"
                    : "the token is for Action '" + shown(action) + "', not 'connect'");
        }
        String user = token.param("User");
        if (!userId.equals(user)) {
            throw new Refusal(user == null ? "the token names no User"
                    : "the token is for user '" + shown(user) + "', not '" + userId + "'");
        }
        String resourceType = token.param("ResourceType");
        if (serverless && !SERVERLESS_RESOURCE_TYPE.equals(resourceType)) {
            throw new Refusal(resourceType == null
                    ? "the token lacks ResourceType=ServerlessCache, which a serverless cache's token carries"
                    : "the token's ResourceType is '" + shown(resourceType) + "', not 'ServerlessCache'");
        }
        if (!serverless && resourceType != null) {
            throw new Refusal("the token has ResourceType '" + shown(resourceType) + "', but " + cacheId
                    + " is a replication group (its tokens carry no ResourceType)");
        }
        checkTime(token);
        String[] scope = token.credential();
        if (!scope[2].equals(region)) {
            throw new Refusal("the token is signed for region '" + shown(scope[2]) + "', not '" + region + "'");
        }
        if (!scope[3].equals(SigV4Verifier.SERVICE)) {
            throw new Refusal("the token is signed for service '" + shown(scope[3]) + "', not 'elasticache'");
        }
        if (!List.of("host").equals(List.of(token.required("X-Amz-SignedHeaders").split(";", -1)))) {
            throw new Refusal("the token signs headers '" + shown(token.param("X-Amz-SignedHeaders"))
                    + "'; a connection can carry only 'host'");
        }
        if (secrets == null) {
            return new Verified(scope[0], null); // --no-auth: the claims are checked, the signature is not
        }
        String secret = currentSecret(scope[0]);
        if (secret == null) {
            throw new Refusal("the token is signed with unknown access key " + shown(scope[0]));
        }
        if (token.param("X-Amz-Security-Token") != null) {
            // As AWS answers a long-term key sent with a session token: cachewarden issues no session credentials.
            throw new Refusal("the token carries X-Amz-Security-Token, but access key " + shown(scope[0])
                    + " is a long-term key (cachewarden issues no session credentials)");
        }
        return new Verified(verifySignature(token), secret);
    }

    /** A value from the token as the log may show it: no control characters (no forged lines), clipped. */
    static String shown(String value) {
        return shown(value, 64);
    }

    static String shown(String value, int max) {
        String clipped = value.length() > max ? value.substring(0, max) + "…" : value;
        StringBuilder sb = new StringBuilder(clipped.length());
        clipped.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return sb.toString();
    }

    private void checkTime(IamToken token) throws Refusal {
        Instant signedAt = token.signedAt();
        Duration expires = token.expires();
        if (expires.compareTo(MAX_AGE) > 0) {
            throw new Refusal("the token asks X-Amz-Expires=" + expires.toSeconds()
                    + ", more than ElastiCache's 900 seconds");
        }
        Instant now = clock.instant();
        if (signedAt.isAfter(now.plus(FUTURE_SKEW))) {
            throw new Refusal("the token is not yet valid: signed for " + signedAt + ", now " + now);
        }
        if (now.isAfter(signedAt.plus(expires))) {
            throw new Refusal("the token expired at " + signedAt.plus(expires) + " (signed " + signedAt
                    + " for " + expires.toSeconds() + " s), now " + now);
        }
    }

    private String verifySignature(IamToken token) throws Refusal {
        String host = token.host();
        SignedRequest request = new SignedRequest("GET", token.path(), token.rawQuery(),
                name -> name.equals("host") ? List.of(host) : List.of(), new byte[0]);
        try {
            return signatures.verify(request);
        } catch (AwsException e) {
            String reason = switch (e.code().name()) {
                case "SIGNATURE_DOES_NOT_MATCH" -> e.getMessage().startsWith("The request signature")
                        ? "the token's signature does not match (wrong secret key, or the token was altered)"
                        : "the token's scope is wrong: " + shown(e.getMessage().strip(), 300);
                case "INVALID_CLIENT_TOKEN_ID" -> "the token is signed with an unknown access key";
                case "REQUEST_EXPIRED" -> "the token has expired";
                default -> "the token's signature is malformed: " + shown(e.getMessage(), 300);
            };
            throw new Refusal(reason);
        }
    }
}
