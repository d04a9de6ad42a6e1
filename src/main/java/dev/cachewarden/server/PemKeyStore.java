package dev.cachewarden.server;

import dev.cachewarden.auth.SecretFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A PEM certificate chain and PKCS#8 PEM private key, as the in-memory KeyStore Jetty's TLS wants. */
final class PemKeyStore {
    private static final Pattern PKCS8 =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private PemKeyStore() {}

    static KeyStore load(Path certFile, Path keyFile, char[] password) throws IOException, GeneralSecurityException {
        List<? extends Certificate> chain;
        try (var in = new ByteArrayInputStream(Files.readAllBytes(certFile))) {
            chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException(certFile + " holds no PEM certificate");
        }
        PrivateKey key = privateKey(SecretFiles.read(keyFile), keyFile);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("cachewarden", key, password, chain.toArray(Certificate[]::new));
        return store;
    }

    private static PrivateKey privateKey(String pem, Path file) throws GeneralSecurityException {
        Matcher m = PKCS8.matcher(pem);
        if (!m.find()) {
            throw new IllegalArgumentException(file + " holds no unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----);"
                    + " convert it with: openssl pkcs8 -topk8 -nocrypt -in " + file);
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(1));
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException(file + ": unsupported private key algorithm (RSA, EC or Ed25519 expected)");
    }
}
