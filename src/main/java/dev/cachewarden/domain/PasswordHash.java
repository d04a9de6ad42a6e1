package dev.cachewarden.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A user's password as Redis ACL keeps it: the hex SHA-256 of the UTF-8 bytes, applied to a node as
 * {@code #<hex>}. The plaintext never outlives the request that carried it.
 */
public record PasswordHash(String sha256Hex) {
    public PasswordHash {
        if (sha256Hex == null || !sha256Hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256 hex digest");
        }
    }

    public static PasswordHash of(String plaintext) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(plaintext.getBytes(StandardCharsets.UTF_8));
            return new PasswordHash(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "PasswordHash[sha256]";
    }
}
