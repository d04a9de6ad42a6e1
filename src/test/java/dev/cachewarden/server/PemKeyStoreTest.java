package dev.cachewarden.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Keys and certificates as operators make them, with the openssl command line, in every PEM form it writes. */
class PemKeyStoreTest {
    private static final char[] PASSWORD = "in-memory".toCharArray();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "PKCS#1 RSA   | RSA PRIVATE KEY | RSA     | genrsa -traditional -out KEY 2048",
        "PKCS#8 RSA   | PRIVATE KEY     | RSA     | genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out KEY",
        "SEC1 EC      | EC PRIVATE KEY  | EC      | ecparam -name prime256v1 -genkey -out KEY",
        "SEC1 EC bare | EC PRIVATE KEY  | EC      | ecparam -name secp384r1 -genkey -noout -out KEY",
        "PKCS#8 EC    | PRIVATE KEY     | EC      | genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out KEY",
        "PKCS#8 Ed25519 | PRIVATE KEY   | Ed25519 | genpkey -algorithm ed25519 -out KEY"})
    void readsEveryUnencryptedKeyFormat(String label, String block, String algorithm, String generate) throws Exception {
        Path key = dir.resolve("server.key");
        openssl(generate.replace("KEY", key.toString()).split(" "));
        assertThat(Files.readString(key)).contains("-----BEGIN " + block + "-----");
        private600(key);
        Path cert = selfSigned(key, "localhost");

        KeyStore store = PemKeyStore.load(cert, key, PASSWORD);
        assertThat(store.getKey("cachewarden", PASSWORD).getAlgorithm()).isIn(algorithm, "EdDSA");
        assertThat(((X509Certificate) store.getCertificate("cachewarden")).getSubjectX500Principal().getName())
                .isEqualTo("CN=localhost");
        if (!algorithm.equals("Ed25519")) {
            // What Jetty does with it: a key manager and a TLS context.
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, PASSWORD);
            SSLContext.getInstance("TLS").init(kmf.getKeyManagers(), null, null);
        }
    }

    @Test
    void keepsTheWholeChainInOrder() throws Exception {
        Path caKey = dir.resolve("ca.key");
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", caKey.toString());
        Path caCert = selfSigned(caKey, "test CA");
        Path key = dir.resolve("server.key");
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
        private600(key);
        Path csr = dir.resolve("server.csr");
        openssl("req", "-new", "-key", key.toString(), "-subj", "/CN=server", "-out", csr.toString());
        Path leaf = dir.resolve("server.crt");
        openssl("x509", "-req", "-in", csr.toString(), "-CA", caCert.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-days", "1", "-out", leaf.toString());
        Path chain = dir.resolve("chain.pem");
        Files.writeString(chain, Files.readString(leaf) + Files.readString(caCert));

        KeyStore store = PemKeyStore.load(chain, key, PASSWORD);
        List<String> subjects = new ArrayList<>();
        for (var c : store.getCertificateChain("cachewarden")) {
            subjects.add(((X509Certificate) c).getSubjectX500Principal().getName());
        }
        assertThat(subjects).containsExactly("CN=server", "CN=test CA");

        // The CA's certificate first: the key is not the first certificate's, so it is refused up front.
        Path wrongOrder = dir.resolve("wrong-order.pem");
        Files.writeString(wrongOrder, Files.readString(caCert) + Files.readString(leaf));
        assertThatThrownBy(() -> PemKeyStore.load(wrongOrder, key, PASSWORD))
                .hasMessage(key + " does not hold the private key of the first certificate in " + wrongOrder
                        + " (the server's own certificate comes first, then its issuers)");
    }

    @Test
    void anEncryptedPkcs8KeyIsRefusedByName() throws Exception {
        Path plain = dir.resolve("plain.key");
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", plain.toString());
        Path cert = selfSigned(plain, "localhost");
        Path key = dir.resolve("encrypted.key");
        openssl("pkey", "-in", plain.toString(), "-aes256", "-passout", "pass:hunter2", "-out", key.toString());
        assertThat(Files.readString(key)).contains("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        private600(key);
        assertEncryptedRefused(cert, key);
    }

    @Test
    void aLegacyProcTypeEncryptedKeyIsRefusedByName() throws Exception {
        Path plain = dir.resolve("plain.key");
        openssl("genrsa", "-traditional", "-out", plain.toString(), "2048");
        Path cert = selfSigned(plain, "localhost");
        Path key = dir.resolve("legacy-encrypted.key");
        openssl("rsa", "-in", plain.toString(), "-traditional", "-aes256", "-passout", "pass:hunter2", "-out",
                key.toString());
        assertThat(Files.readString(key)).contains("Proc-Type: 4,ENCRYPTED");
        private600(key);
        assertEncryptedRefused(cert, key);
    }

    @Test
    void aKeyFileGroupOrOthersCanReadIsRefusedNamingTheFileAndTheFix() throws Exception {
        Path key = dir.resolve("server.key");
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
        Path cert = selfSigned(key, "localhost");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> PemKeyStore.load(cert, key, PASSWORD)).isInstanceOf(IOException.class)
                .hasMessage(key + " holds secrets but its mode is rw-r--r-- (group or others may use it); "
                        + "make it private with: chmod 600 " + key);
    }

    @Test
    void filesWithoutWhatTheyShouldHoldAreRefusedByName() throws Exception {
        Path key = dir.resolve("server.key");
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
        private600(key);
        Path cert = selfSigned(key, "localhost");

        Path empty = dir.resolve("empty.key");
        Files.writeString(empty, "not a key\n");
        private600(empty);
        assertThatThrownBy(() -> PemKeyStore.load(cert, empty, PASSWORD))
                .hasMessageStartingWith(empty + " holds no PEM private key");

        assertThatThrownBy(() -> PemKeyStore.load(key, key, PASSWORD))
                .hasMessageStartingWith(key + " holds a PEM block that is not a certificate");

        Path twoKeys = dir.resolve("two.key");
        Files.writeString(twoKeys, Files.readString(key) + Files.readString(key));
        private600(twoKeys);
        assertThatThrownBy(() -> PemKeyStore.load(cert, twoKeys, PASSWORD))
                .hasMessage(twoKeys + " holds more than one private key; keep only the server's");

        Path broken = dir.resolve("broken.key");
        Files.writeString(broken, "-----BEGIN PRIVATE KEY-----\nAAAA!!!!\n-----END PRIVATE KEY-----\n");
        private600(broken);
        assertThatThrownBy(() -> PemKeyStore.load(cert, broken, PASSWORD))
                .hasMessageStartingWith(broken + " is not valid PEM");

        Path noCert = dir.resolve("none.crt");
        Files.writeString(noCert, "");
        assertThatThrownBy(() -> PemKeyStore.load(noCert, key, PASSWORD))
                .hasMessageStartingWith(noCert + " holds no PEM certificate");
    }

    private static void assertEncryptedRefused(Path cert, Path key) {
        assertThatThrownBy(() -> PemKeyStore.load(cert, key, PASSWORD)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(key + " holds an encrypted private key, and cachewarden keeps no passphrase; write it out "
                        + "unencrypted (then chmod 600) with: openssl pkey -in " + key + " -out <new key file>");
    }

    private Path selfSigned(Path key, String commonName) throws Exception {
        Path cert = dir.resolve(commonName.replace(' ', '-') + ".crt");
        openssl("req", "-x509", "-new", "-key", key.toString(), "-subj", "/CN=" + commonName, "-days", "1",
                "-out", cert.toString());
        return cert;
    }

    private static void private600(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    private void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
    }
}
