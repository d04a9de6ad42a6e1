package dev.cachewarden.engine;

import dev.cachewarden.domain.PasswordHash;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The per-user secrets with which the front authenticates IAM users to the nodes: HMAC-SHA256 of the
 * user id (which for an IAM user is also its user name) under a key derived from the nodes' admin
 * password. Nothing stores them: every cachewarden instance that shares the admin password (as it must
 * to administer the same nodes) derives the same ones, and a node only ever sees their SHA-256.
 */
public final class IamSecrets {
    /** Keeps these secrets apart from any other use of the admin password. */
    private static final String PURPOSE = "cachewarden/iam-node-secret/v1";

    private final SecretKeySpec key;

    private IamSecrets(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    public static IamSecrets of(AdminCredentials admin) {
        return new IamSecrets(hmac(new SecretKeySpec(admin.password().getBytes(StandardCharsets.UTF_8), "HmacSHA256"),
                PURPOSE));
    }

    /** The password the front sends a node in {@code AUTH <userId> <secret>}; 64 hex characters. */
    public String nodeSecret(String userId) {
        return HexFormat.of().formatHex(hmac(key, userId));
    }

    /** What the node's ACL holds for that user: {@code #<sha256 of the secret>}. */
    public PasswordHash nodeSecretHash(String userId) {
        return PasswordHash.of(nodeSecret(userId));
    }

    private static byte[] hmac(SecretKeySpec key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "IamSecrets[derived]";
    }
}
