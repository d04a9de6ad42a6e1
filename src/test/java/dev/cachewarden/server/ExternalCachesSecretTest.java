package dev.cachewarden.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An external cache's admin-password-file is a secret file like the others. */
class ExternalCachesSecretTest {
    @TempDir
    Path dir;

    @Test
    void aPrivatePasswordFileIsRead() throws Exception {
        Path config = config(password("rw-------"));
        assertThat(ExternalCaches.read(config)).singleElement()
                .satisfies(c -> assertThat(c.access().adminPassword()).isEqualTo("ops-admin-password"));
    }

    @Test
    void aPasswordFileOthersCanReadIsRefusedNamingItAndTheFix() throws Exception {
        Path password = password("rw-r--r--");
        Path config = config(password);
        assertThatThrownBy(() -> ExternalCaches.read(config)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("external caches file " + config + ": legacy.admin-password-file: " + password
                        + " holds secrets but its mode is rw-r--r-- (group or others may use it); make it private with: "
                        + "chmod 600 " + password)
                .hasMessageNotContaining("ops-admin-password");
    }

    @Test
    void aMissingPasswordFileIsNamed() throws Exception {
        Path config = config(dir.resolve("absent.password"));
        assertThatThrownBy(() -> ExternalCaches.read(config))
                .hasMessageContaining(dir.resolve("absent.password") + " does not exist or is not a regular file");
    }

    private Path password(String mode) throws Exception {
        Path file = dir.resolve("ops.password");
        Files.writeString(file, "ops-admin-password\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private Path config(Path passwordFile) throws Exception {
        Path file = dir.resolve("external.properties");
        Files.writeString(file, String.join("\n", "legacy.nodes = 127.0.0.1:6390", "legacy.admin-user = ops",
                "legacy.admin-password-file = " + passwordFile, ""));
        return file;
    }
}
