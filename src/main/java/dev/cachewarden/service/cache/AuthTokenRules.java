package dev.cachewarden.service.cache;

import dev.cachewarden.domain.AuthTokenState;
import dev.cachewarden.domain.AuthTokenStatus;
import dev.cachewarden.domain.PasswordHash;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import java.util.List;
import java.util.Optional;

/**
 * ModifyReplicationGroup's AuthToken and AuthTokenUpdateStrategy, as AWS applies them: ROTATE adds a
 * token and keeps the one before valid (on a group without a token, connections without AUTH keep
 * working too) until the next change; SET, allowed only with the last rotated token, leaves that token
 * alone; DELETE drops the token, only together with UserGroupIdsToAdd (the move to RBAC). The way back
 * from RBAC is RemoveUserGroups with AuthToken and SET (or ROTATE). Messages are AWS's where known
 * (docs/aws-guesses.md lists the guessed ones).
 */
public final class AuthTokenRules {
    /** An AuthToken change to store: the new current token (null for none) and what else stays valid. */
    public record TokenChange(PasswordHash current, AuthTokenState state) {}

    private AuthTokenRules() {}

    /**
     * @param toAdd UserGroupIdsToAdd
     * @param removing the user groups being detached (UserGroupIdsToRemove, or all with RemoveUserGroups)
     * @return the token change, or empty when the request does not touch the token
     */
    public static Optional<TokenChange> plan(ReplicationGroup group, Optional<String> token,
                                             Optional<String> rawStrategy, List<String> toAdd,
                                             List<String> removing, long nowMillis) {
        Optional<String> strategy = rawStrategy.map(AuthTokenRules::strategy);
        boolean delete = strategy.filter("DELETE"::equals).isPresent();
        if (!toAdd.isEmpty() && group.authTokenHash() != null && !delete) {
            throw ElastiCacheFault.invalidCombination(
                    "User group can't be associated with auth token enabled. Pass AuthStrategy delete to proceed.");
        }
        if (delete) {
            if (token.isPresent()) {
                throw ElastiCacheFault.invalidCombination(
                        "AuthToken cannot be specified with AuthTokenUpdateStrategy DELETE.");
            }
            if (toAdd.isEmpty()) {
                throw ElastiCacheFault.invalidValue("Auth token update strategy delete is not supported currently");
            }
            return group.authTokenHash() == null ? Optional.empty()
                    : Optional.of(new TokenChange(null, new AuthTokenState(null, false, null, nowMillis)));
        }
        if (token.isEmpty()) {
            if (strategy.isPresent()) {
                throw ElastiCacheFault.invalidCombination(
                        "AuthTokenUpdateStrategy " + strategy.get() + " requires AuthToken.");
            }
            return Optional.empty();
        }
        PasswordHash hash = hash(token.get(), group.transitEncryption());
        List<String> attachedAfter = new java.util.ArrayList<>(group.userGroupIds());
        attachedAfter.removeAll(removing);
        if (!attachedAfter.isEmpty()) {
            throw ElastiCacheFault.invalidCombination(
                    "Auth tokens can't be enabled with a user group already associated. Pass RemoveUserGroups to proceed.");
        }
        boolean fromRbac = !group.userGroupIds().isEmpty();
        if (strategy.orElse("ROTATE").equals("SET")) {
            // SET follows a ROTATE (its token is the last rotated one), or replaces RBAC by a token.
            if (!fromRbac && !hash.equals(group.authTokenHash())) {
                throw ElastiCacheFault.invalidValue("AuthTokenUpdateStrategy SET is allowed only with the AuthToken "
                        + "of the last ROTATE.");
            }
            return Optional.of(new TokenChange(hash, new AuthTokenState(null, false, AuthTokenStatus.SETTING,
                    nowMillis)));
        }
        // ROTATE: the token before stays valid (no token before: no AUTH stays valid), the older one goes.
        PasswordHash before = fromRbac ? null : group.authTokenHash();
        boolean openBefore = !fromRbac && before == null;
        return Optional.of(new TokenChange(hash, new AuthTokenState(before, openBefore, AuthTokenStatus.ROTATING,
                nowMillis)));
    }

    /** AuthToken's rules: TLS on, 16 to 128 printable ASCII characters other than space, / " @ and %. */
    public static PasswordHash hash(String token, boolean tls) {
        if (!tls) {
            throw ElastiCacheFault.invalidCombination("AuthToken requires TransitEncryptionEnabled=true.");
        }
        if (token.length() < 16 || token.length() > 128 || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e
                || c == '/' || c == '"' || c == '@' || c == '%')) {
            throw ElastiCacheFault.invalidValue("Invalid AuthToken: it must be 16 to 128 printable characters without "
                    + "spaces, '/', '\"', '@' or '%'.");
        }
        return PasswordHash.of(token);
    }

    private static String strategy(String raw) {
        if (!raw.equals("SET") && !raw.equals("ROTATE") && !raw.equals("DELETE")) {
            throw ElastiCacheFault.invalidValue("Invalid AuthTokenUpdateStrategy '" + raw
                    + "': use SET, ROTATE or DELETE.");
        }
        return raw;
    }
}
