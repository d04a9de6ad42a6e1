package dev.cachewarden.front.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A token verified once is taken again without its signature being checked only where that changes
 * nothing: the same token bytes, cache and user, before its expiry, while its key keeps its secret.
 */
class VerifiedTokensTest {
    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static final String KEY = "AKIDVERIFIED";

    /** A clock the test moves. */
    static final class MovingClock extends Clock {
        Instant now = T0.plusSeconds(60);

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final Map<String, String> keys = new HashMap<>(Map.of(KEY, "first-secret-0123456789abcdef"));
    final MovingClock clock = new MovingClock();
    /** How often the verifier read a key's secret: a verification from scratch reads it twice, a hit once. */
    int secretReads;
    final TokenVerifier verifier = new TokenVerifier("us-east-1", id -> {
        secretReads++;
        return Optional.ofNullable(keys.get(id));
    }, clock);

    String token(String cache, String user, boolean serverless, String secret) {
        return IamTokens.forCache(cache, user, serverless, KEY, secret).at(T0).withAws4Signer();
    }

    static void refused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String reason) {
        assertThatThrownBy(call).isInstanceOf(Refusal.class).hasMessageContaining(reason);
    }

    @Test
    void aReusedTokenIsAcceptedAgainOnlyForTheCacheAndUserItWasVerifiedFor() throws Refusal {
        String token = token("rg", "alice", false, keys.get(KEY));
        assertThat(verifier.verify(token, "rg", false, "alice")).isEqualTo(KEY);
        int fromScratch = secretReads;
        assertThat(verifier.verify(token, "rg", false, "alice")).as("the same token again").isEqualTo(KEY);
        assertThat(secretReads - fromScratch).as("a hit only checks the key's secret is unchanged")
                .isEqualTo(1).isLessThan(fromScratch);
        refused(() -> verifier.verify(token, "other", false, "alice"), "for cache 'rg', not 'other'");
        refused(() -> verifier.verify(token, "rg", false, "bob"), "for user 'alice', not 'bob'");
        refused(() -> verifier.verify(token, "rg", true, "alice"), "lacks ResourceType=ServerlessCache");
        String altered = token.replace("Action=connect", "Action=connect&User=alice");
        refused(() -> verifier.verify(altered, "rg", false, "alice"), "more than once");
    }

    @Test
    void aReusedTokenIsRefusedOnceItExpires() throws Refusal {
        String token = token("rg", "alice", false, keys.get(KEY));
        assertThat(verifier.verify(token, "rg", false, "alice")).isEqualTo(KEY);
        clock.now = T0.plusSeconds(900);
        assertThat(verifier.verify(token, "rg", false, "alice")).as("its last valid second").isEqualTo(KEY);
        clock.now = T0.plusSeconds(901);
        refused(() -> verifier.verify(token, "rg", false, "alice"), "the token expired at");
    }

    @Test
    void aReusedTokenIsRefusedOnceItsKeyIsRotatedOrRemoved() throws Refusal {
        String token = token("rg", "alice", false, keys.get(KEY));
        assertThat(verifier.verify(token, "rg", false, "alice")).isEqualTo(KEY);
        keys.put(KEY, "second-secret-0123456789abcdef");
        refused(() -> verifier.verify(token, "rg", false, "alice"), "signature does not match");
        String signedWithTheNewSecret = token("rg", "alice", false, keys.get(KEY));
        assertThat(verifier.verify(signedWithTheNewSecret, "rg", false, "alice")).isEqualTo(KEY);
        keys.remove(KEY);
        refused(() -> verifier.verify(signedWithTheNewSecret, "rg", false, "alice"), "unknown access key");
    }

    @Test
    void aRefusedTokenIsNotRemembered() {
        String wrong = token("rg", "alice", false, "not-the-secret-0123456789");
        refused(() -> verifier.verify(wrong, "rg", false, "alice"), "signature does not match");
        refused(() -> verifier.verify(wrong, "rg", false, "alice"), "signature does not match");
    }

    @Test
    void theMapIsBoundedAndKeysTokensByDigestNotByText() {
        VerifiedTokens tokens = new VerifiedTokens();
        Instant until = T0.plus(Duration.ofMinutes(15));
        for (int i = 0; i < VerifiedTokens.MAX_ENTRIES + 5; i++) {
            tokens.remember(VerifiedTokens.Digest.of("token-" + i), "rg", false, "alice", KEY, "s", until);
        }
        assertThat(tokens.size()).isLessThanOrEqualTo(VerifiedTokens.MAX_ENTRIES);
        assertThat(VerifiedTokens.Digest.of("a")).isEqualTo(VerifiedTokens.Digest.of("a"))
                .isNotEqualTo(VerifiedTokens.Digest.of("b"));
        assertThat(tokens.accessKeyId(VerifiedTokens.Digest.of("token-" + (VerifiedTokens.MAX_ENTRIES + 4)), "rg",
                false, "alice", T0, id -> "s")).isEqualTo(KEY);
    }
}
