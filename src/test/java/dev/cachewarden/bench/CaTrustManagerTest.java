package dev.cachewarden.bench;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.engine.node.CertificateAuthority;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The handshake loop's certificate check still refuses what PKIX refused for this one-level chain. */
class CaTrustManagerTest {
    @TempDir
    Path dir;

    @Test
    void acceptsOnlyCertificatesOfItsCa() throws Exception {
        CertificateAuthority ours = CertificateAuthority.loadOrCreate(dir.resolve("ours"));
        CertificateAuthority other = CertificateAuthority.loadOrCreate(dir.resolve("other"));
        CaTrustManager trust = new CaTrustManager(read(ours.caCertificate()));

        X509Certificate node = read(ours.nodeCertificate(dir.resolve("n1"), "n1").certificate());
        assertThatCode(() -> trust.checkServerTrusted(new X509Certificate[] {node}, "ECDHE"))
                .doesNotThrowAnyException();

        X509Certificate foreign = read(other.nodeCertificate(dir.resolve("n2"), "n2").certificate());
        assertThatThrownBy(() -> trust.checkServerTrusted(new X509Certificate[] {foreign}, "ECDHE"))
                .isInstanceOf(CertificateException.class);
        assertThatThrownBy(() -> trust.checkServerTrusted(new X509Certificate[0], "ECDHE"))
                .isInstanceOf(CertificateException.class);
    }

    private static X509Certificate read(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
