package dev.cachewarden.engine;

import dev.cachewarden.domain.AccessString;
import dev.cachewarden.domain.Authentication;
import dev.cachewarden.domain.PasswordHash;
import dev.cachewarden.domain.User;
import java.util.ArrayList;
import java.util.List;

/**
 * One ACL user as a node should have it, sent as {@code ACL SETUSER <name> reset <rules>}: the access
 * string's canonical rules, then the passwords as {@code #<sha256>} or {@code nopass}. An IAM user gets
 * no password rule at all, so nobody can authenticate as it (no IAM hook in open-source Redis).
 */
public record AclUser(String name, boolean enabled, List<String> passwordHashes, boolean noPassword,
                      List<String> accessRules) {
    public static final String DEFAULT = "default";

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

    public static AclUser of(User user) {
        List<String> hashes = user.authentication() instanceof Authentication.Password p
                ? p.hashes().stream().map(PasswordHash::sha256Hex).toList() : List.of();
        return new AclUser(user.userName(), user.accessString().enabled(), hashes,
                user.authentication() instanceof Authentication.NoPassword, user.accessString().rules());
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
        return "AclUser[" + name + (enabled ? " on" : " off") + ", " + passwordHashes.size() + " password(s)]";
    }
}
