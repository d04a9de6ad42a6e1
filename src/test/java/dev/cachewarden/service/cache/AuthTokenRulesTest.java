package dev.cachewarden.service.cache;

import static dev.cachewarden.service.cache.MigrationFaults.group;
import static dev.cachewarden.service.cache.MigrationFaults.refused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.domain.AuthTokenState;
import dev.cachewarden.domain.AuthTokenStatus;
import dev.cachewarden.domain.PasswordHash;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.TransitEncryptionMode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthTokenRulesTest {
    static final String A = "first-auth-token-0001";
    static final String B = "second-auth-token-002";
    static final ReplicationGroup TOKEN = group(true, TransitEncryptionMode.REQUIRED, PasswordHash.of(A),
            AuthTokenState.NONE, List.of());
    static final ReplicationGroup OPEN = group(true, TransitEncryptionMode.REQUIRED, null, AuthTokenState.NONE, List.of());
    static final ReplicationGroup RBAC = group(true, TransitEncryptionMode.REQUIRED, null, AuthTokenState.NONE,
            List.of("app"));

    static Optional<AuthTokenRules.TokenChange> plan(ReplicationGroup g, String token, String strategy,
                                                    List<String> toAdd, List<String> removing) {
        return AuthTokenRules.plan(g, Optional.ofNullable(token), Optional.ofNullable(strategy), toAdd, removing, 1000);
    }

    @Test
    void rotateKeepsThePreviousTokenAndSetOnlyTheLastRotated() {
        AuthTokenRules.TokenChange rotate = plan(TOKEN, B, "ROTATE", List.of(), List.of()).orElseThrow();
        assertThat(rotate.current()).isEqualTo(PasswordHash.of(B));
        assertThat(rotate.state()).isEqualTo(new AuthTokenState(PasswordHash.of(A), false, AuthTokenStatus.ROTATING, 1000));
        // ROTATE is the default strategy.
        assertThat(plan(TOKEN, B, null, List.of(), List.of())).contains(rotate);
        ReplicationGroup rotated = group(true, TransitEncryptionMode.REQUIRED, PasswordHash.of(B), rotate.state(), List.of());
        assertThat(plan(rotated, B, "SET", List.of(), List.of()).orElseThrow().state())
                .isEqualTo(new AuthTokenState(null, false, AuthTokenStatus.SETTING, 1000));
        refused(() -> plan(rotated, A, "SET", List.of(), List.of()), "InvalidParameterValue",
                "AuthTokenUpdateStrategy SET is allowed only with the AuthToken of the last ROTATE.");
    }

    @Test
    void rotateOnAnOpenGroupKeepsItOpen() {
        assertThat(plan(OPEN, A, "ROTATE", List.of(), List.of()).orElseThrow().state().openBefore()).isTrue();
        refused(() -> plan(OPEN, A, "SET", List.of(), List.of()), "InvalidParameterValue",
                "AuthTokenUpdateStrategy SET is allowed only with the AuthToken of the last ROTATE.");
    }

    @Test
    void toRbacNeedsDelete() {
        refused(() -> plan(TOKEN, null, null, List.of("app"), List.of()), "InvalidParameterCombination",
                "User group can't be associated with auth token enabled. Pass AuthStrategy delete to proceed.");
        refused(() -> plan(TOKEN, null, "DELETE", List.of(), List.of()), "InvalidParameterValue",
                "Auth token update strategy delete is not supported currently");
        refused(() -> plan(TOKEN, B, "DELETE", List.of("app"), List.of()), "InvalidParameterCombination",
                "AuthToken cannot be specified with AuthTokenUpdateStrategy DELETE.");
        AuthTokenRules.TokenChange delete = plan(TOKEN, null, "DELETE", List.of("app"), List.of()).orElseThrow();
        assertThat(delete.current()).isNull();
        assertThat(delete.state().previous()).isNull();
    }

    @Test
    void backFromRbacNeedsTheUserGroupRemoved() {
        refused(() -> plan(RBAC, A, "SET", List.of(), List.of()), "InvalidParameterCombination",
                "Auth tokens can't be enabled with a user group already associated. Pass RemoveUserGroups to proceed.");
        AuthTokenRules.TokenChange set = plan(RBAC, A, "SET", List.of(), List.of("app")).orElseThrow();
        assertThat(set.current()).isEqualTo(PasswordHash.of(A));
        assertThat(plan(RBAC, A, "ROTATE", List.of(), List.of("app")).orElseThrow().state().openBefore()).isFalse();
    }

    @Test
    void tokenRules() {
        ReplicationGroup plain = group(false, null, null, AuthTokenState.NONE, List.of());
        refused(() -> plan(plain, A, "ROTATE", List.of(), List.of()), "InvalidParameterCombination",
                "AuthToken requires TransitEncryptionEnabled=true.");
        for (String bad : new String[] {"short-token", "x".repeat(129), "has space in it 0001", "has/slash-in-it-0001",
                "has@at-sign-in-it-01", "has%percent-in-it-01", "has\"quote-in-it-001"}) {
            refused(() -> plan(TOKEN, bad, "ROTATE", List.of(), List.of()), "InvalidParameterValue",
                    "Invalid AuthToken: it must be 16 to 128 printable characters without spaces, '/', '\"', '@' or '%'.");
        }
        refused(() -> plan(TOKEN, B, "rotate", List.of(), List.of()), "InvalidParameterValue",
                "Invalid AuthTokenUpdateStrategy 'rotate': use SET, ROTATE or DELETE.");
        refused(() -> plan(TOKEN, null, "SET", List.of(), List.of()), "InvalidParameterCombination",
                "AuthTokenUpdateStrategy SET requires AuthToken.");
        assertThat(plan(TOKEN, null, null, List.of(), List.of())).isEmpty();
    }
}
