package dev.cachewarden.engine.node;

import dev.cachewarden.secrets.SecretFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * cachewarden's own certificate authority, kept in {@code <data dir>/tls}: {@code ca.crt} is what
 * clients trust (e.g. {@code redis-cli --tls --cacert ca.crt}); each TLS node gets a certificate for
 * {@code localhost} and {@code 127.0.0.1} signed by it. Keys are readable by the owner only.
 */
public final class CertificateAuthority {
    private static final String SIGNATURE = "SHA256withECDSA";

    private final Path dir;
    private final X509Certificate caCertificate;
    private final PrivateKey caKey;

    private CertificateAuthority(Path dir, X509Certificate caCertificate, PrivateKey caKey) {
        this.dir = dir;
        this.caCertificate = caCertificate;
        this.caKey = caKey;
    }

    public static CertificateAuthority loadOrCreate(Path dir) {
        try {
            Files.createDirectories(dir);
            Path cert = dir.resolve("ca.crt");
            Path key = dir.resolve("ca.key");
            if (Files.exists(cert) && Files.exists(key)) {
                return new CertificateAuthority(dir, readCertificate(cert), readKey(key));
            }
            KeyPair pair = newKeyPair();
            X500Name name = new X500Name("CN=cachewarden CA");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), name,
                    pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate ca = sign(builder, pair.getPrivate());
            writePem(key, pair.getPrivate(), true);
            writePem(cert, ca, false);
            return new CertificateAuthority(dir, ca, pair.getPrivate());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the CA in " + dir, e);
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot create the CA", e);
        }
    }

    /** The CA certificate clients trust. */
    public Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    /** A server certificate and key for a node, written into {@code nodeDir} (created once, then reused). */
    public NodeCertificate nodeCertificate(Path nodeDir, String nodeName) {
        return nodeCertificate(nodeDir, nodeName, java.util.List.of());
    }

    /** The same, naming also {@code addresses} (IP literals), e.g. where an external cache's front listens. */
    public NodeCertificate nodeCertificate(Path nodeDir, String nodeName, java.util.List<String> addresses) {
        Path cert = nodeDir.resolve("node.crt");
        Path key = nodeDir.resolve("node.key");
        if (Files.exists(cert) && Files.exists(key)) {
            return new NodeCertificate(cert, key, caCertificate());
        }
        try {
            Files.createDirectories(nodeDir);
            KeyPair pair = newKeyPair();
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCertificate, serial(),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(825))),
                    new X500Name("CN=" + nodeName), pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false, new org.bouncycastle.asn1.x509.ExtendedKeyUsage(
                    new org.bouncycastle.asn1.x509.KeyPurposeId[] {org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_serverAuth,
                            org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_clientAuth}));
            java.util.List<GeneralName> names = new java.util.ArrayList<>(java.util.List.of(
                    new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
            addresses.stream().filter(a -> !a.equals("127.0.0.1"))
                    .forEach(a -> names.add(new GeneralName(GeneralName.iPAddress, a)));
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.toArray(GeneralName[]::new)));
            writePem(key, pair.getPrivate(), true);
            writePem(cert, sign(builder, caKey), false);
            return new NodeCertificate(cert, key, caCertificate());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the certificate of " + nodeName, e);
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot sign the certificate of " + nodeName, e);
        }
    }

    public record NodeCertificate(Path certificate, Path key, Path caCertificate) {}

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(96, new SecureRandom());
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey key)
            throws GeneralSecurityException, org.bouncycastle.operator.OperatorCreationException {
        X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder(SIGNATURE).build(key));
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    /** A private key goes through {@link SecretFiles} (0600, atomic); a certificate is public (0644), written as atomically. */
    private static void writePem(Path file, Object object, boolean secret) throws IOException {
        // PKCS#8 "PRIVATE KEY" and "CERTIFICATE" blocks, which OpenSSL 3 (redis-server) and the JDK both read.
        byte[] der;
        String type;
        try {
            der = object instanceof PrivateKey k ? k.getEncoded() : ((X509Certificate) object).getEncoded();
            type = object instanceof PrivateKey ? "PRIVATE KEY" : "CERTIFICATE";
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IOException("cannot encode certificate", e);
        }
        String body = java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        String pem = "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
        if (secret) {
            SecretFiles.write(file, pem);
            return;
        }
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        try {
            Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static X509Certificate readCertificate(Path file) throws IOException, GeneralSecurityException {
        try (Reader r = Files.newBufferedReader(file); PEMParser parser = new PEMParser(r)) {
            return new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) parser.readObject());
        }
    }

    /** Refused, like every secret file, when group or others may read it. */
    private static PrivateKey readKey(Path file) throws IOException {
        try (Reader r = new StringReader(SecretFiles.read(file)); PEMParser parser = new PEMParser(r)) {
            Object o = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            return o instanceof PEMKeyPair kp ? converter.getKeyPair(kp).getPrivate()
                    : converter.getPrivateKey((org.bouncycastle.asn1.pkcs.PrivateKeyInfo) o);
        }
    }
}
