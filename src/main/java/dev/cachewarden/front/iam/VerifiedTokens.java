package dev.cachewarden.front.iam;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * IAM tokens already verified for a connection, until they expire. A client reuses its token for up
 * to 15 minutes (AWS's own example memoizes it for that long), and verifying it again — splitting and
 * decoding the query, the canonical request, SHA-256 and the HMAC — was most of what an IAM AUTH
 * cost the front over a password AUTH.
 *
 * <p>Kept by the SHA-256 of the whole token, never the token itself (a credential): a token differing
 * in any byte is another entry, verified from scratch. A hit holds only for the cache, serverless
 * flag and user it was verified for, before its expiry, and while its access key still has the secret
 * that verified it (a rotated key verifies again and fails). Only verified tokens enter, and the map
 * is cleared if it ever reaches {@link #MAX_ENTRIES}.
 */
final class VerifiedTokens {
    static final int MAX_ENTRIES = 10_000;
    private static final MessageDigest SHA256;

    static {
        try {
            SHA256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A token's SHA-256, as four longs: cheap to hash and compare. */
    record Digest(long a, long b, long c, long d) {
        static Digest of(String token) {
            MessageDigest sha;
            try {
                sha = (MessageDigest) SHA256.clone(); // never updated itself: clones may be taken concurrently
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
            }
            ByteBuffer h = ByteBuffer.wrap(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
            return new Digest(h.getLong(), h.getLong(), h.getLong(), h.getLong());
        }
    }

    /** @param secret the secret key the signature was checked with; null with {@code --no-auth} */
    private record Entry(String cacheId, boolean serverless, String userId, String accessKeyId, String secret,
                         Instant notAfter) {}

    private final ConcurrentHashMap<Digest, Entry> entries = new ConcurrentHashMap<>();

    /**
     * The access key that signed the token, when it was verified for exactly this connection's cache and
     * user, has not expired at {@code now} and its key's secret is still {@code currentSecret}; else null
     * (the caller verifies it from scratch, which also words any refusal).
     */
    String accessKeyId(Digest token, String cacheId, boolean serverless, String userId, Instant now,
                       java.util.function.Function<String, String> currentSecret) {
        Entry e = entries.get(token);
        if (e == null || e.serverless() != serverless || !e.cacheId().equals(cacheId) || !e.userId().equals(userId)) {
            return null;
        }
        if (now.isAfter(e.notAfter())) {
            entries.remove(token, e);
            return null;
        }
        return Objects.equals(currentSecret.apply(e.accessKeyId()), e.secret()) ? e.accessKeyId() : null;
    }

    /** A token just verified for this connection, valid until {@code notAfter}. */
    void remember(Digest token, String cacheId, boolean serverless, String userId, String accessKeyId, String secret,
                  Instant notAfter) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(token, new Entry(cacheId, serverless, userId, accessKeyId, secret, notAfter));
    }

    int size() {
        return entries.size();
    }
}
