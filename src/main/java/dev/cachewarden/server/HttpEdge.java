package dev.cachewarden.server;

import java.security.SecureRandom;
import java.util.Base64;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The listening socket and its limits against hostile clients: bounded headers, an idle timeout for
 * slow or silent clients, a bounded accept queue and connection count, and TLS when configured.
 */
final class HttpEdge {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HttpEdge.class);
    /** Far above what an AWS SDK sends (about 2 KB of headers), far below a flood. */
    static final int MAX_REQUEST_HEADER_BYTES = 16 * 1024;
    static final int ACCEPT_QUEUE = 128;

    private HttpEdge() {}

    static ServerConnector connector(Server server, ServerConfig config) throws Exception {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
        ServerConnector connector;
        ServerConfig.Security security = config.security();
        if (security.tls()) {
            char[] password = Base64.getEncoder().encodeToString(SecureRandom.getSeed(18)).toCharArray();
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(PemKeyStore.load(security.tlsCert(), security.tlsKey(), password));
            ssl.setKeyStorePassword(new String(password));
            ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false);
            http.addCustomizer(secure);
            connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                    new HttpConnectionFactory(http));
            log.info("API served over TLS only (certificate {}): clients use https://", security.tlsCert());
        } else {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        }
        connector.setHost(config.bind());
        connector.setPort(config.port());
        connector.setIdleTimeout(security.idleTimeout().toMillis());
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        server.addBean(new NetworkConnectionLimit(security.maxConnections(), connector));
        return connector;
    }
}
