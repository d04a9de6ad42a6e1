package dev.cachewarden.engine;

import dev.cachewarden.domain.AccessString;
import dev.cachewarden.domain.Authentication;
import dev.cachewarden.domain.PasswordHash;
import dev.cachewarden.domain.User;
import java.util.ArrayList;
import java.util.List;

/**
 * One ACL user as a node should have it, sent as {@code ACL SETUSER <name> reset <rules>}: the access
 * string's canonical rules, then the passwords as {@code #<sha256>} or {@code nopass}. An IAM user's
 * only password is the secret the front derives for it ({@link IamSecrets}), filled in by
 * {@link #withIamSecret} just before it is applied; until then it has no password, so no way in.
 *
 * @param mode how the user authenticates, so that a switch of mode can end the old mode's connections
 */
public record AclUser(String name, boolean enabled, List<String> passwordHashes, boolean noPassword,
                      List<String> accessRules, Mode mode) {
    public static final String DEFAULT = "default";

    /** ElastiCache's authentication types as the node sees them. */
    public enum Mode { PASSWORD, NO_PASSWORD, IAM }

    /**
     * Commands ElastiCache keeps from its clients whatever their access string says, so that no user
     * can change ACLs (cachewarden's admin user included), configuration or replication.
     */
    static final List<String> RESTRICTED = List.of("-acl|setuser", "-acl|deluser", "-acl|load", "-acl|save",
            "-config", "-debug", "-replicaof", "-slaveof", "-psync", "-sync", "-save", "-bgsave", "-bgrewriteaof",
            "-shutdown", "-migrate", "-module", "-failover");

    public AclUser {
        passwordHashes = List.copyOf(passwordHashes);
        accessRules = List.copyOf(accessRules);
    }

    /** A password or no-password user, the mode told by {@code noPassword}. */
    public AclUser(String name, boolean enabled, List<String> passwordHashes, boolean noPassword,
                   List<String> accessRules) {
        this(name, enabled, passwordHashes, noPassword, accessRules, noPassword ? Mode.NO_PASSWORD : Mode.PASSWORD);
    }

    public static AclUser of(User user) {
        List<String> hashes = user.authentication() instanceof Authentication.Password p
                ? p.hashes().stream().map(PasswordHash::sha256Hex).toList() : List.of();
        Mode mode = switch (user.authentication()) {
            case Authentication.Password p -> Mode.PASSWORD;
            case Authentication.NoPassword n -> Mode.NO_PASSWORD;
            case Authentication.Iam i -> Mode.IAM;
        };
        return new AclUser(user.userName(), user.accessString().enabled(), hashes, mode == Mode.NO_PASSWORD,
                user.accessString().rules(), mode);
    }

    /**
     * An IAM user with the hash of its derived node secret as its one password (the name is the user id:
     * ElastiCache requires UserName = UserId for IAM users); any other user unchanged.
     */
    public AclUser withIamSecret(IamSecrets secrets) {
        if (mode != Mode.IAM) {
            return this;
        }
        return new AclUser(name, enabled, List.of(secrets.nodeSecretHash(name).sha256Hex()), false, accessRules, mode);
    }

    /** The engine's own {@code default} when no user group guards the node: everything, optionally behind AUTH. */
    public static AclUser openDefault(PasswordHash authToken) {
        return new AclUser(DEFAULT, true, authToken == null ? List.of() : List.of(authToken.sha256Hex()),
                authToken == null, List.of("on", "~*", "&*", "+@all"));
    }

    /** {@code default} switched off: a group without a default-named user, or a valkey group. */
    public static AclUser disabledDefault() {
        return new AclUser(DEFAULT, false, List.of(), false, List.of("off"));
    }

    /** The arguments after {@code ACL SETUSER <name>}. */
    public List<String> setUserRules() {
        List<String> rules = new ArrayList<>();
        rules.add("reset");
        rules.addAll(accessRules);
        rules.addAll(RESTRICTED);
        if (noPassword) {
            rules.add("nopass");
        }
        for (String hash : passwordHashes) {
            rules.add("#" + hash);
        }
        return rules;
    }

    @Override
    public String toString() {
        return "AclUser[" + name + (enabled ? " on" : " off") + ", " + mode + ", " + passwordHashes.size()
                + " password(s)]";
    }
}
