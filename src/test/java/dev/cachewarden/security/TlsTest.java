package dev.cachewarden.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.junit.Cachewarden;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;

/** The API over HTTPS from a PEM certificate and key made here with the JDK's keytool. */
class TlsTest {
    @TempDir
    Path dir;

    @Test
    void theSdkTalksToTheApiOverTlsWithAPemCertificate() throws Exception {
        KeyStore generated = selfSigned();
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Certificate certificate = generated.getCertificate("cw");
        Files.writeString(cert, pem("CERTIFICATE", certificate.getEncoded()));
        Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(key, pem("PRIVATE KEY", ((PrivateKey) generated.getKey("cw", "changeit".toCharArray())).getEncoded()));

        try (Cachewarden server = Cachewarden.builder().tls(cert, key).start()) {
            assertThat(server.endpoint().getScheme()).isEqualTo("https");
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("cw", certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            try (ElastiCacheClient ec = ElastiCacheClient.builder()
                    .endpointOverride(server.endpoint())
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(Cachewarden.DEFAULT_ACCESS_KEY_ID, Cachewarden.DEFAULT_SECRET_ACCESS_KEY)))
                    .httpClient(UrlConnectionHttpClient.builder().tlsTrustManagersProvider(tmf::getTrustManagers).build())
                    .build()) {
                assertThat(ec.describeUsers(r -> { }).users()).extracting(u -> u.userId()).contains("default");
            }
            // The default trust store does not know our certificate: the handshake, not the API, refuses.
            try (ElastiCacheClient untrusting = Clients.client(server.endpoint(), Cachewarden.DEFAULT_ACCESS_KEY_ID,
                    Cachewarden.DEFAULT_SECRET_ACCESS_KEY, Region.US_EAST_1)) {
                assertThatThrownBy(() -> untrusting.describeUsers(r -> { })).hasStackTraceContaining("PKIX");
            }
        }
    }

    @Test
    void aKeyFileOthersCanReadIsRefused() throws Exception {
        KeyStore generated = selfSigned();
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Files.writeString(cert, pem("CERTIFICATE", generated.getCertificate("cw").getEncoded()));
        Files.writeString(key, pem("PRIVATE KEY", generated.getKey("cw", "changeit".toCharArray()).getEncoded()));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> Cachewarden.builder().tls(cert, key).start())
                .hasMessageContaining("holds secrets but its mode is rw-r--r--");
    }

    private KeyStore selfSigned() throws Exception {
        Path store = dir.resolve("generated.p12");
        Files.deleteIfExists(store);
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "cw", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        return ks;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
