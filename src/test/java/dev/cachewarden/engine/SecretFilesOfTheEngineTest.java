package dev.cachewarden.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.engine.node.AdminCredentials;
import dev.cachewarden.engine.node.CertificateAuthority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The nodes' admin password and the CA's keys are written 0600 and refused when others can read them. */
class SecretFilesOfTheEngineTest {
    @TempDir
    Path dir;

    @Test
    void theAdminPasswordIsPrivateKeptAndRefusedWhenOpened() throws Exception {
        AdminCredentials first = AdminCredentials.loadOrCreate(dir);
        Path file = dir.resolve("admin-password");
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(AdminCredentials.loadOrCreate(dir).password()).isEqualTo(first.password()).hasSize(64);

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        assertThatThrownBy(() -> AdminCredentials.loadOrCreate(dir))
                .hasRootCauseMessage(file + " holds secrets but its mode is rw-r----- (group or others may use it); "
                        + "make it private with: chmod 600 " + file);
    }

    @Test
    void theCaAndNodeKeysArePrivateTheCertificatesPublicAndAnOpenCaKeyIsRefused() throws Exception {
        Path tls = dir.resolve("tls");
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(tls);
        assertThat(mode(tls.resolve("ca.key"))).isEqualTo("rw-------");
        assertThat(mode(tls.resolve("ca.crt"))).isEqualTo("rw-r--r--");
        CertificateAuthority.NodeCertificate node = ca.nodeCertificate(dir.resolve("node-1"), "node-1");
        assertThat(mode(node.key())).isEqualTo("rw-------");
        assertThat(mode(node.certificate())).isEqualTo("rw-r--r--");
        try (var files = Files.list(tls)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("ca.key", "ca.crt");
        }

        CertificateAuthority.loadOrCreate(tls); // read back as it was written
        Files.setPosixFilePermissions(tls.resolve("ca.key"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> CertificateAuthority.loadOrCreate(tls))
                .hasRootCauseMessage(tls.resolve("ca.key") + " holds secrets but its mode is rw-r--r-- (group or "
                        + "others may use it); make it private with: chmod 600 " + tls.resolve("ca.key"));
    }

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
