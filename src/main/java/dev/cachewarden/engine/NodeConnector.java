package dev.cachewarden.engine;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.protocol.ProtocolVersion;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Opens management connections to nodes, authenticated as {@link AdminCredentials#USER_NAME}, over TLS
 * (trusting cachewarden's CA) when the node serves TLS. A connection is opened per pass and closed
 * after it, so a node that restarted is never talked to over a stale channel.
 */
public final class NodeConnector implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final RedisClient plain;
    private final RedisClient tls;
    private final AdminCredentials admin;
    /** TLS clients for external nodes, by the CA they trust ("" for the JDK's own). */
    private final java.util.Map<String, RedisClient> externalTls = new java.util.concurrent.ConcurrentHashMap<>();

    public NodeConnector(AdminCredentials admin, Path caCertificatePem) {
        this.admin = admin;
        this.plain = RedisClient.create();
        plain.setOptions(options(null));
        this.tls = RedisClient.create();
        tls.setOptions(options(caCertificatePem));
    }

    private static ClientOptions options(Path ca) {
        ClientOptions.Builder b = ClientOptions.builder()
                .autoReconnect(false)
                .protocolVersion(ProtocolVersion.RESP2)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(TIMEOUT).build())
                .timeoutOptions(TimeoutOptions.enabled(TIMEOUT));
        if (ca != null) {
            b.sslOptions(SslOptions.builder().jdkSslProvider().trustManager(ca.toFile()).build());
        } else {
            b.sslOptions(SslOptions.builder().jdkSslProvider().build());
        }
        return b.build();
    }

    public NodeSession open(NodeAddress node) {
        RedisURI uri = RedisURI.builder().withHost(node.host()).withPort(node.port()).withSsl(node.tls())
                .withVerifyPeer(node.tls() ? SslVerifyMode.FULL : SslVerifyMode.NONE)
                .withAuthentication(node.adminUser(), node.access() == null ? admin.password()
                        : node.access().adminPassword())
                .withTimeout(TIMEOUT).build();
        try {
            StatefulRedisConnection<String, String> connection = client(node).connect(uri);
            return new NodeSession(node, connection);
        } catch (RuntimeException e) {
            throw new NodeUnavailableException(node, e);
        }
    }

    private RedisClient client(NodeAddress node) {
        if (!node.tls()) {
            return plain;
        }
        if (node.access() == null) {
            return tls;
        }
        Path ca = node.access().caCertificate();
        return externalTls.computeIfAbsent(ca == null ? "" : ca.toString(), k -> {
            RedisClient client = RedisClient.create();
            client.setOptions(options(ca));
            return client;
        });
    }

    @Override
    public void close() {
        externalTls.values().forEach(c -> c.shutdown(Duration.ZERO, Duration.ofSeconds(2)));
        plain.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        tls.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
