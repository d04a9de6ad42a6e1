package dev.cachewarden.engine.node;

import dev.cachewarden.domain.PasswordHash;
import dev.cachewarden.secrets.SecretFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * cachewarden's own ACL user on every managed node, used for every admin command. The name is
 * reserved (no ElastiCache user may take it); the password is random, kept in the data dir readable
 * by the owner only, and never shown by the API.
 */
public final class AdminCredentials {
    public static final String USER_NAME = dev.cachewarden.domain.ReservedNames.ADMIN_USER_NAME;

    private final String password;

    private AdminCredentials(String password) {
        this.password = password;
    }

    /** Reads the password from {@code dir/admin-password}, creating it (mode 0600) on first use. */
    public static AdminCredentials loadOrCreate(Path dir) {
        Path file = dir.resolve("admin-password");
        try {
            if (SecretFiles.exists(file)) {
                return new AdminCredentials(SecretFiles.read(file).trim());
            }
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String password = HexFormat.of().formatHex(random);
            try {
                SecretFiles.create(file, password);
            } catch (FileAlreadyExistsException raced) {
                // another process sharing the data dir wrote it first: use its password, not ours
                return new AdminCredentials(SecretFiles.read(file).trim());
            }
            return new AdminCredentials(password);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the admin password in " + file, e);
        }
    }

    /** For nodes this process does not start: the credentials come from the configuration. */
    public static AdminCredentials of(String password) {
        return new AdminCredentials(password);
    }

    public String password() {
        return password;
    }

    public PasswordHash hash() {
        return PasswordHash.of(password);
    }

    @Override
    public String toString() {
        return "AdminCredentials[" + USER_NAME + "]";
    }
}
