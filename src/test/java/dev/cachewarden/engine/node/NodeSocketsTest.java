package dev.cachewarden.engine.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node's socket is found at the same path by every start, even when its directory's path is too long for one. */
class NodeSocketsTest {
    @TempDir
    Path data;

    @Test
    void aShortRootKeepsTheSocketInTheNodeDirectory() {
        Path root = data.resolve("nodes");
        assertThat(new NodeSockets(root).path("rg-001")).isEqualTo(root.resolve("rg-001/redis.sock").toAbsolutePath());
    }

    @Test
    void aLongRootGetsTheSamePrivateShortDirectoryAtEveryStart() throws Exception {
        Path root = Files.createDirectories(data.resolve("x".repeat(120))).resolve("nodes");
        Path first = new NodeSockets(root).path("rg-001");
        Path again = new NodeSockets(root).path("rg-001");
        try {
            assertThat(first).isEqualTo(again);
            assertThat(first.toString().length()).isLessThanOrEqualTo(100);
            assertThat(new NodeSockets(root).path("rg-002")).isNotEqualTo(first);
            assertThat(Files.getPosixFilePermissions(first.getParent()))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        } finally {
            Files.deleteIfExists(first.getParent());
        }
    }

    @Test
    void aShortDirectoryOthersCanEnterIsRefused() throws Exception {
        Path root = Files.createDirectories(data.resolve("y".repeat(120))).resolve("nodes");
        Path shortDir = new NodeSockets(root).path("rg-001").getParent();
        try {
            Files.setPosixFilePermissions(shortDir, PosixFilePermissions.fromString("rwxrwxrwx"));
            assertThatThrownBy(() -> new NodeSockets(root).path("rg-001"))
                    .hasMessageContaining("is not a private directory");
        } finally {
            Files.deleteIfExists(shortDir);
        }
    }
}
