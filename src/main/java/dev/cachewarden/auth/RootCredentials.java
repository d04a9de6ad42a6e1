package dev.cachewarden.auth;

import dev.cachewarden.secrets.SecretFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

/**
 * The root access key pair: from {@code CACHEWARDEN_ACCESS_KEY_ID}/{@code CACHEWARDEN_SECRET_ACCESS_KEY}
 * when set; otherwise generated on first start into {@code <data-dir>/credentials} (mode 0600, in the
 * AWS shared-credentials format so {@code AWS_SHARED_CREDENTIALS_FILE} can point at it) and read back
 * on later starts. There is no built-in default secret.
 */
public final class RootCredentials {
    public static final String FILE_NAME = "credentials";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] KEY_ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    public record KeyPair(String accessKeyId, String secretAccessKey) {
        @Override
        public String toString() {
            return "KeyPair[accessKeyId=" + accessKeyId + "]";
        }
    }

    private RootCredentials() {}

    /**
     * @param dataDir where to keep a generated pair; null to generate one for this run only
     * @param out where to tell the operator how to use a generated or loaded pair
     */
    public static KeyPair resolve(String accessKeyId, String secretAccessKey, Path dataDir, PrintStream out)
            throws IOException {
        boolean hasId = accessKeyId != null && !accessKeyId.isBlank();
        boolean hasSecret = secretAccessKey != null && !secretAccessKey.isBlank();
        if (hasId && hasSecret) {
            return new KeyPair(accessKeyId, secretAccessKey);
        }
        if (hasId || hasSecret) {
            throw new IllegalArgumentException("Set both CACHEWARDEN_ACCESS_KEY_ID and CACHEWARDEN_SECRET_ACCESS_KEY, "
                    + "or neither to have a pair generated.");
        }
        if (dataDir == null) {
            KeyPair pair = generate();
            out.println("cachewarden: generated root credentials for this in-memory run (not saved):");
            out.println("  export AWS_ACCESS_KEY_ID=" + pair.accessKeyId());
            out.println("  export AWS_SECRET_ACCESS_KEY=" + pair.secretAccessKey());
            return pair;
        }
        Path file = dataDir.resolve(FILE_NAME);
        if (SecretFiles.exists(file)) {
            KeyPair pair = parse(SecretFiles.read(file), file);
            out.println("cachewarden: root credentials from " + file.toAbsolutePath() + " (access key "
                    + pair.accessKeyId() + ")");
            return pair;
        }
        KeyPair pair = generate();
        SecretFiles.create(file, "# cachewarden root credentials, generated " + Instant.now()
                + ". Keep private (mode 0600).\n[default]\naws_access_key_id = " + pair.accessKeyId()
                + "\naws_secret_access_key = " + pair.secretAccessKey() + "\n");
        out.println("cachewarden: generated root credentials into " + file.toAbsolutePath() + " (mode 0600).");
        out.println("  Use them with: export AWS_SHARED_CREDENTIALS_FILE=" + file.toAbsolutePath());
        out.println("  (access key " + pair.accessKeyId() + "; or set CACHEWARDEN_ACCESS_KEY_ID and "
                + "CACHEWARDEN_SECRET_ACCESS_KEY to choose your own)");
        return pair;
    }

    static KeyPair generate() {
        StringBuilder id = new StringBuilder("CWAK");
        for (int i = 0; i < 16; i++) {
            id.append(KEY_ID_CHARS[RANDOM.nextInt(KEY_ID_CHARS.length)]);
        }
        byte[] secret = new byte[30];
        RANDOM.nextBytes(secret);
        return new KeyPair(id.toString(), Base64.getEncoder().encodeToString(secret));
    }

    static KeyPair parse(String text, Path file) {
        String id = null;
        String secret = null;
        for (String line : text.split("\n")) {
            String l = line.strip();
            int eq = l.indexOf('=');
            if (l.startsWith("#") || eq < 0) {
                continue;
            }
            String key = l.substring(0, eq).strip();
            String value = l.substring(eq + 1).strip();
            if (key.equals("aws_access_key_id")) {
                id = value;
            } else if (key.equals("aws_secret_access_key")) {
                secret = value;
            }
        }
        if (id == null || secret == null || id.isEmpty() || secret.isEmpty()) {
            throw new IllegalArgumentException(file + " lacks aws_access_key_id or aws_secret_access_key");
        }
        return new KeyPair(id, secret);
    }
}
