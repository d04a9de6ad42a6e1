package dev.cachewarden.engine.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each node's unix socket lives: in its own directory, or, when that path is longer than a
 * socket address holds, in a private directory under /tmp whose name derives from the nodes' root.
 * Both are the same at every start, so a node adopted after a restart is found where it listens.
 */
final class NodeSockets {
    private static final Logger log = LoggerFactory.getLogger(NodeSockets.class);
    /** sun_path holds 108 bytes; a longer socket path goes to the short private directory instead. */
    private static final int MAX_SOCKET_PATH = 100;

    private final Path nodesRoot;
    private final Path shortDir;

    NodeSockets(Path nodesRoot) {
        this.nodesRoot = nodesRoot.toAbsolutePath();
        this.shortDir = Path.of("/tmp", "cw-" + System.getProperty("user.name", "user") + "-"
                + hash(this.nodesRoot.toString()).substring(0, 12));
    }

    Path path(String cacheClusterId) {
        Path inDir = nodesRoot.resolve(cacheClusterId).resolve("redis.sock");
        if (inDir.toString().length() <= MAX_SOCKET_PATH) {
            return inDir;
        }
        return privateShortDir().resolve(hash(cacheClusterId).substring(0, 8) + "-"
                + cacheClusterId.substring(0, Math.min(cacheClusterId.length(), 40)) + ".sock");
    }

    void delete(Path socket) {
        try {
            Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // the directory is private; a stale socket there harms nobody
        }
    }

    /** Removes the short directory (only when no node runs any more). */
    void close() {
        if (Files.isDirectory(shortDir, LinkOption.NOFOLLOW_LINKS)) {
            try (var entries = Files.list(shortDir)) {
                if (entries.findAny().isEmpty()) {
                    Files.deleteIfExists(shortDir);
                }
            } catch (IOException ignored) {
                // left for the next start
            }
        }
    }

    /** Created 0700; an existing one must be ours and private, else someone could listen in our place. */
    private synchronized Path privateShortDir() {
        try {
            if (!Files.exists(shortDir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(shortDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(shortDir, LinkOption.NOFOLLOW_LINKS);
            var owner = Files.getOwner(shortDir, LinkOption.NOFOLLOW_LINKS);
            // We made the data dir that holds the nodes: its owner is us, whatever user.name says.
            Path ours = nodesRoot.getParent() != null && Files.exists(nodesRoot.getParent()) ? nodesRoot.getParent() : nodesRoot;
            boolean mine = Files.exists(ours) ? owner.equals(Files.getOwner(ours))
                    : owner.getName().equals(System.getProperty("user.name"));
            if (!Files.isDirectory(shortDir, LinkOption.NOFOLLOW_LINKS) || !mode.equals(PosixFilePermissions.fromString("rwx------"))
                    || !mine) {
                throw new IllegalStateException(shortDir + " is not a private directory of this user; remove it");
            }
            return shortDir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a private directory for node sockets", e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("could not delete {}: {}", dir, e.toString());
        }
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
