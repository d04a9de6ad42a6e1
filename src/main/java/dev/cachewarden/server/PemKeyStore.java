package dev.cachewarden.server;

import dev.cachewarden.secrets.SecretFiles;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * The API's TLS certificate chain and private key, read from PEM files with Bouncy Castle's parser, as
 * the in-memory KeyStore Jetty wants. The key may be PKCS#8 ({@code PRIVATE KEY}), PKCS#1
 * ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}, with or without its {@code EC PARAMETERS}
 * block), RSA, EC or Ed25519; it is a secret file, so read only when private to its owner. An
 * encrypted key is refused: there is nowhere safe to keep its passphrase.
 */
final class PemKeyStore {
    private PemKeyStore() {}

    static KeyStore load(Path certFile, Path keyFile, char[] password) throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = certificates(certFile);
        PrivateKey key = privateKey(SecretFiles.read(keyFile), keyFile);
        if (!matches(key, chain.get(0))) {
            throw new IllegalArgumentException(keyFile + " does not hold the private key of the first certificate in "
                    + certFile + " (the server's own certificate comes first, then its issuers)");
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("cachewarden", key, password, chain.toArray(Certificate[]::new));
        return store;
    }

    /** Every certificate in the file, in order: the server's own first, then the issuers. */
    static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (Object o : objects(Files.readString(file, StandardCharsets.US_ASCII), file)) {
            if (!(o instanceof X509CertificateHolder holder)) {
                throw new IllegalArgumentException(file + " holds a PEM block that is not a certificate ("
                        + o.getClass().getSimpleName() + "); give the certificate chain alone, and the key in its own"
                        + " file");
            }
            chain.add(converter.getCertificate(holder));
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return chain;
    }

    static PrivateKey privateKey(String pem, Path file) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        PrivateKey key = null;
        for (Object o : objects(pem, file)) {
            PrivateKey found;
            if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
                throw new IllegalArgumentException(file + " holds an encrypted private key, and cachewarden keeps no"
                        + " passphrase; write it out unencrypted (then chmod 600) with: openssl pkey -in " + file
                        + " -out <new key file>");
            } else if (o instanceof PEMKeyPair pair) {
                found = converter.getKeyPair(pair).getPrivate(); // PKCS#1 RSA or SEC1 EC
            } else if (o instanceof PrivateKeyInfo info) {
                found = converter.getPrivateKey(info); // PKCS#8
            } else if (o instanceof ASN1ObjectIdentifier || o instanceof X9ECParameters
                    || o instanceof X509CertificateHolder) {
                continue; // openssl's EC PARAMETERS block, or the certificate kept beside its key
            } else {
                throw new IllegalArgumentException(file + " holds a PEM block that is not a private key ("
                        + o.getClass().getSimpleName() + ")");
            }
            if (key != null) {
                throw new IllegalArgumentException(file + " holds more than one private key; keep only the server's");
            }
            key = found;
        }
        if (key == null) {
            throw new IllegalArgumentException(file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----,"
                    + " RSA PRIVATE KEY or EC PRIVATE KEY)");
        }
        return key;
    }

    private static List<Object> objects(String pem, Path file) throws IOException {
        List<Object> out = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                out.add(o);
            }
        } catch (IOException | RuntimeException e) {
            // The parser's message names neither the file nor, for a key, anything secret.
            throw new IllegalArgumentException(file + " is not valid PEM: " + e.getMessage(), e);
        }
        return out;
    }

    /** Signs a probe with the key and checks it with the certificate: a mismatch would only show at the first handshake. */
    private static boolean matches(PrivateKey key, X509Certificate certificate) throws GeneralSecurityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return true; // no probe for this algorithm: Jetty's handshake is the check
        }
        byte[] probe = "cachewarden".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (java.security.InvalidKeyException e) {
            return false; // e.g. an EC key against an RSA certificate
        }
    }
}
