package dev.cachewarden.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RefusalReasonsTest {
    @Test
    void messagesBecomeFixedLabels() {
        assertThat(RefusalReasons.label("IAM user app is not in the user group(s) [g] of cache rg"))
                .isEqualTo("not_in_user_group");
        assertThat(RefusalReasons.label("the token expired at 2026-01-01T00:00:00Z (signed …)")).isEqualTo("expired");
        assertThat(RefusalReasons.label("arn:aws:iam::000000000000:user/r may not elasticache:Connect on arn:…"))
                .isEqualTo("not_authorized");
        assertThat(RefusalReasons.label("the token is signed with unknown access key AKIDX"))
                .isEqualTo("unknown_access_key");
        assertThat(RefusalReasons.label("cache rg runs without in-transit encryption; IAM needs TLS"))
                .isEqualTo("no_tls");
        assertThat(RefusalReasons.label("the token is for cache 'x', not 'rg'")).isEqualTo("invalid_token");
        assertThat(RefusalReasons.label("something new")).isEqualTo("other");
    }
}
