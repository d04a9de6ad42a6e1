package dev.cachewarden.secrets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Every file that holds a secret (root credentials, principals, the nodes' admin password, private
 * keys, external caches' admin passwords) is written and read here and nowhere else. Written
 * atomically: a temporary file in the same directory, created with mode 0600 (never briefly wider),
 * flushed to disk, then renamed over the target, so a crash leaves the old file or the new one, never
 * half of one. Read only when group and others have no access at all, as ssh treats a private key;
 * the refusal names the file and the command that fixes it.
 */
public final class SecretFiles {
    private static final Set<PosixFilePermission> OPEN = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private SecretFiles() {}

    /** Writes the file with mode 0600, replacing any earlier version atomically. */
    public static void write(Path file, String content) throws IOException {
        Path tmp = temporary(file, content);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Writes the file with mode 0600 only if it does not exist yet: two processes starting on one
     * data directory must not each generate a secret and overwrite the other's.
     *
     * @throws FileAlreadyExistsException when it exists
     */
    public static void create(Path file, String content) throws IOException {
        Path tmp = temporary(file, content);
        try {
            // link(2) is atomic and, unlike rename(2), never replaces the target.
            Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException taken) {
            throw taken;
        } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
            // A file system without hard links: check, then rename (a narrow race, but never a torn file).
            if (Files.exists(file)) {
                throw new FileAlreadyExistsException(file.toString());
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Reads the file, refusing it when anyone but its owner may read, write or enter it. */
    public static String read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " does not exist or is not a regular file");
        }
        if (isPosix(file)) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            Set<PosixFilePermission> open = EnumSet.copyOf(OPEN);
            open.retainAll(perms);
            if (!open.isEmpty()) {
                throw new IOException(file + " holds secrets but its mode is " + PosixFilePermissions.toString(perms)
                        + " (group or others may use it); make it private with: chmod 600 " + file);
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

    /** A new 0600 file beside the target (a rename is atomic only within one file system), synced. */
    private static Path temporary(Path file, String content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String prefix = "." + file.getFileName() + ".";
        Path tmp = isPosix(dir)
                ? Files.createTempFile(dir, prefix, ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, prefix, ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }

    private static boolean isPosix(Path path) {
        return Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
    }
}
