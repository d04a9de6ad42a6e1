package dev.cachewarden.engine;

import dev.cachewarden.domain.PasswordHash;
import dev.cachewarden.engine.node.AdminCredentials;
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

    /**
     * Initialised once and cloned per secret: {@code Mac.getInstance} and {@code init} looked the provider
     * up and keyed the HMAC again for every IAM AUTH. Never updated, so clones may be taken concurrently.
     */
    private final Mac keyed;

    private IamSecrets(byte[] key) {
        this.keyed = mac(new SecretKeySpec(key, "HmacSHA256"));
    }

    public static IamSecrets of(AdminCredentials admin) {
        return new IamSecrets(hmac(new SecretKeySpec(admin.password().getBytes(StandardCharsets.UTF_8), "HmacSHA256"),
                PURPOSE));
    }

    /** The password the front sends a node in {@code AUTH <userId> <secret>}; 64 hex characters. */
    public String nodeSecret(String userId) {
        try {
            return HexFormat.of().formatHex(((Mac) keyed.clone()).doFinal(userId.getBytes(StandardCharsets.UTF_8)));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's HmacSHA256 can be cloned", e);
        }
    }

    /** What the node's ACL holds for that user: {@code #<sha256 of the secret>}. */
    public PasswordHash nodeSecretHash(String userId) {
        return PasswordHash.of(nodeSecret(userId));
    }

    private static Mac mac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] hmac(SecretKeySpec key, String data) {
        return mac(key).doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "IamSecrets[derived]";
    }
}
