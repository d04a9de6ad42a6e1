package dev.cachewarden.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files that hold secrets: created readable by their owner only (0600, never briefly wider), and
 * refused when group or others may read or write them, as ssh refuses a private key.
 */
public final class SecretFiles {
    private static final Set<PosixFilePermission> OPEN = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private SecretFiles() {}

    /** Creates the file with mode 0600 and writes it; fails if it already exists. */
    public static void create(Path file, String content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        if (isPosix(dir)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    /** Reads the file, refusing it when anyone but its owner may read or write it. */
    public static String read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " does not exist or is not a regular file");
        }
        if (isPosix(file)) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            Set<PosixFilePermission> open = EnumSet.copyOf(OPEN);
            open.retainAll(perms);
            if (!open.isEmpty()) {
                throw new IOException(file + " holds secrets but its mode is "
                        + PosixFilePermissions.toString(perms) + "; make it private with: chmod 600 " + file);
            }
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /**
     * Creates a directory (and missing parents) readable by its owner only; an existing one is left as
     * it is.
     *
     * @return false when the directory exists and group or others may enter it
     */
    public static boolean createPrivateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            if (!isPosix(dir)) {
                return true;
            }
            Set<PosixFilePermission> open = EnumSet.copyOf(OPEN);
            open.retainAll(Files.getPosixFilePermissions(dir));
            return open.isEmpty();
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null && isPosix(Files.createDirectories(parent))) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
        return true;
    }

    public static boolean exists(Path file) {
        return Files.exists(file);
    }

    private static boolean isPosix(Path path) {
        return Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
    }
}
