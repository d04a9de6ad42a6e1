package dev.cachewarden.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.domain.AccessString;
import dev.cachewarden.domain.Authentication;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.PasswordHash;
import dev.cachewarden.domain.Status;
import dev.cachewarden.domain.User;
import dev.cachewarden.engine.node.AdminCredentials;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What ACL SETUSER is sent for a user: rules as tokens, restrictions, hashed passwords only. */
class AclUserTest {
    @Test
    void passwordsTravelAsHashesAfterTheRules() {
        User user = new User("u1", "alice", Engine.REDIS, Status.ACTIVE, AccessString.parse("on ~app:* -@all +get"),
                new Authentication.Password(List.of(PasswordHash.of("first-password-123"), PasswordHash.of("second-pw-12345"))),
                List.of(), 0);
        List<String> rules = AclUser.of(user).setUserRules();
        assertThat(rules.get(0)).isEqualTo("reset");
        assertThat(rules).containsSequence("on", "~app:*", "-@all", "+get");
        assertThat(rules).contains("-acl|setuser", "-config");
        assertThat(rules).endsWith("#" + PasswordHash.of("first-password-123").sha256Hex(),
                "#" + PasswordHash.of("second-pw-12345").sha256Hex());
        assertThat(String.join(" ", rules)).doesNotContain("first-password-123").doesNotContain("nopass");
    }

    @Test
    void aSelectorStaysOneToken() {
        User user = new User("u2", "bob", Engine.REDIS, Status.ACTIVE,
                AccessString.parse("on ~a:* +@read (~b:* +@write)"), new Authentication.NoPassword(), List.of(), 0);
        List<String> rules = AclUser.of(user).setUserRules();
        assertThat(rules).anyMatch(t -> t.startsWith("(") && t.endsWith(")") && t.contains(" "));
        assertThat(rules).contains("nopass");
    }

    @Test
    void anIamUserGetsNoWayIn() {
        User user = new User("carol", "carol", Engine.REDIS, Status.ACTIVE, AccessString.parse("on ~* +@all"),
                new Authentication.Iam(), List.of(), 0);
        List<String> rules = AclUser.of(user).setUserRules();
        assertThat(rules).noneMatch(t -> t.equals("nopass") || t.startsWith("#") || t.startsWith(">"));
    }

    @Test
    void anIamUsersOnlyPasswordIsItsDerivedNodeSecret() {
        User user = new User("carol", "carol", Engine.REDIS, Status.ACTIVE, AccessString.parse("on ~* +@all"),
                new Authentication.Iam(), List.of(), 0);
        IamSecrets secrets = IamSecrets.of(AdminCredentials.of("admin-password-0123456789"));
        AclUser resolved = AclUser.of(user).withIamSecret(secrets);
        assertThat(resolved.mode()).isEqualTo(AclUser.Mode.IAM);
        List<String> rules = resolved.setUserRules();
        assertThat(rules).endsWith("#" + secrets.nodeSecretHash("carol").sha256Hex());
        assertThat(rules).doesNotContain("nopass").noneMatch(t -> t.contains(secrets.nodeSecret("carol")));
        assertThat(resolved.toString()).doesNotContain(secrets.nodeSecretHash("carol").sha256Hex());
    }
}
