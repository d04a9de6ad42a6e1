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
        if (!isLowerHex64(sha256Hex)) {
            throw new IllegalArgumentException("not a SHA-256 hex digest");
        }
    }

    /** Every user read from the store builds these, so no regex here (it was half of DescribeUsers' time). */
    private static boolean isLowerHex64(String s) {
        if (s == null || s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
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
