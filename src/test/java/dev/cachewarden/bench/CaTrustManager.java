package dev.cachewarden.bench;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The handshake loop's certificate check: the server's certificate must be issued by the one CA the
 * benchmark trusts, carry that CA's valid signature, be within its validity dates and allow server
 * authentication. That is what the JDK's PKIX trust manager established for this one-level chain, with
 * the same signature check (the JDK verifies a certificate's signature once per certificate object, and
 * interns identical certificates: PKIX relied on that too); what it drops is PKIX's machinery around it,
 * which a profile of the loop put at ~14% of the client's CPU per full handshake on the cores the front
 * is measured on (path building, policy nodes, algorithm constraints, and a copy of the engine's
 * {@code SSLParameters} with every enabled cipher suite's name per handshake). No host name is checked,
 * as before: the loop connects to 127.0.0.1.
 */
final class CaTrustManager extends X509ExtendedTrustManager {
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

    private final X509Certificate ca;

    CaTrustManager(X509Certificate ca) {
        this.ca = ca;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server sent no certificate");
        }
        X509Certificate leaf = chain[0];
        if (!leaf.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            throw new CertificateException("not issued by the trusted CA: " + leaf.getIssuerX500Principal());
        }
        try {
            leaf.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new CertificateException("the CA's signature does not verify", e);
        }
        leaf.checkValidity();
        List<String> usages = leaf.getExtendedKeyUsage();
        if (usages != null && !usages.contains(SERVER_AUTH)) {
            throw new CertificateException("the certificate does not allow server authentication");
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("a client's trust manager");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("a client's trust manager");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a client's trust manager");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[] {ca};
    }
}
