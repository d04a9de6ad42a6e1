package dev.cachewarden.engine;

import dev.cachewarden.engine.node.AdminCredentials;
import dev.cachewarden.engine.node.CertificateAuthority;
import dev.cachewarden.engine.node.NodeAddress;
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
 * (trusting cachewarden's CA) when the node serves TLS. Managed nodes are reached on their private TLS
 * port, which admits only certificates of cachewarden's CA: the connector presents its own client
 * certificate there. {@link #withSession} keeps one connection per
 * node, because a TLS handshake per change was most of the cost of applying an ACL; a kept connection
 * that fails is dropped and the work retried once on a fresh one, so a node that restarted is never
 * reported down because of a stale channel, and one that is down still fails.
 *
 * <p>A node cachewarden runs is reached on its unix socket when one is known and there: the socket is
 * private to this user (mode 0700), so TLS adds nothing there but its cost, which was half of the
 * Lettuce event loops' CPU (and as much again in the node) on every ACL change. The TLS port stays
 * for replication, and for a node whose socket is missing.
 */
public final class NodeConnector implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    /** Created on first use: Lettuce's client brings Netty and Reactor, which a server without caches never needs. */
    private final LazyClient plain;
    private final LazyClient tls;
    /** For unix sockets: no TCP keepalive options, which Netty refuses (a warning each) on a domain socket. */
    private final LazyClient local;
    private final AdminCredentials admin;
    /** TLS clients for external nodes, by the CA they trust ("" for the JDK's own). */
    private final java.util.Map<String, RedisClient> externalTls = new java.util.concurrent.ConcurrentHashMap<>();
    /** A managed node's unix socket by its label; null when none is known (tests, before the nodes exist). */
    private final java.util.function.Function<String, Path> managedSocket;

    public NodeConnector(AdminCredentials admin, Path caCertificatePem) {
        this(admin, caCertificatePem, () -> null);
    }

    /** @param clientCertificate the certificate presented to managed nodes; made when first needed */
    public NodeConnector(AdminCredentials admin, Path caCertificatePem,
                         java.util.function.Supplier<CertificateAuthority.NodeCertificate> clientCertificate) {
        this(admin, caCertificatePem, clientCertificate, label -> null);
    }

    /** @param managedSocket a managed node's unix socket by its label, or null when it has none */
    public NodeConnector(AdminCredentials admin, Path caCertificatePem,
                         java.util.function.Supplier<CertificateAuthority.NodeCertificate> clientCertificate,
                         java.util.function.Function<String, Path> managedSocket) {
        this.managedSocket = managedSocket;
        this.admin = admin;
        this.plain = new LazyClient(null, () -> null, false);
        this.tls = new LazyClient(caCertificatePem, clientCertificate, false);
        this.local = new LazyClient(null, () -> null, true);
    }

    private static final class LazyClient {
        private final Path ca;
        private final java.util.function.Supplier<CertificateAuthority.NodeCertificate> clientCertificate;
        private final boolean unixSocket;
        private RedisClient client;

        LazyClient(Path ca, java.util.function.Supplier<CertificateAuthority.NodeCertificate> clientCertificate,
                   boolean unixSocket) {
            this.ca = ca;
            this.clientCertificate = clientCertificate;
            this.unixSocket = unixSocket;
        }

        synchronized RedisClient get() {
            if (client == null) {
                client = RedisClient.create();
                client.setOptions(unixSocket ? shared(ClientOptions.builder()).build()
                        : options(ca, clientCertificate.get()));
            }
            return client;
        }

        synchronized void shutdown(Duration quiet, Duration timeout) {
            if (client != null) {
                client.shutdown(quiet, timeout);
            }
        }
    }

    private static ClientOptions options(Path ca, CertificateAuthority.NodeCertificate clientCertificate) {
        ClientOptions.Builder b = shared(ClientOptions.builder())
                .socketOptions(SocketOptions.builder().connectTimeout(TIMEOUT).build());
        if (ca != null) {
            SslOptions.Builder ssl = SslOptions.builder().jdkSslProvider().trustManager(ca.toFile());
            if (clientCertificate != null) {
                ssl.keyManager(clientCertificate.certificate().toFile(), clientCertificate.key().toFile(), null);
            }
            b.sslOptions(ssl.build());
        } else {
            b.sslOptions(SslOptions.builder().jdkSslProvider().build());
        }
        return b.build();
    }

    /** What every client here shares; the unix socket one keeps SocketOptions without keepalive. */
    private static ClientOptions.Builder shared(ClientOptions.Builder b) {
        return b.autoReconnect(false)
                .protocolVersion(ProtocolVersion.RESP2)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(TIMEOUT)
                        .keepAlive(SocketOptions.KeepAliveOptions.builder().enable(false).build()).build())
                .timeoutOptions(TimeoutOptions.enabled(TIMEOUT));
    }

    /** Kept connections by node label; callers serialise per node (see {@link #withSession}). */
    private final java.util.Map<String, NodeSession> kept = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Runs {@code work} on this node's kept connection, opening one if there is none (or it closed).
     * If the work fails on a connection that was already open, the connection is closed and the work
     * runs once more on a fresh one: it must be safe to repeat. Callers must not run two works on one
     * node at once (AclApplier holds a lock per node).
     */
    public <T> T withSession(NodeAddress node, java.util.function.Function<NodeSession, T> work) {
        NodeSession session = kept.get(node.label());
        if (session != null && (!session.isOpen() || !session.node().equals(node))) {
            forget(node.label());
            session = null;
        }
        if (session != null) {
            try {
                return work.apply(session);
            } catch (NodeUnavailableException e) {
                // Maybe the node restarted under the kept connection: try once more on a new one.
                forget(node.label());
            }
        }
        NodeSession fresh = open(node);
        kept.put(node.label(), fresh);
        try {
            return work.apply(fresh);
        } catch (RuntimeException e) {
            forget(node.label());
            throw e;
        }
    }

    /** Closes the kept connection to a node (deleted, restarted, or its connection failed). */
    public void forget(String nodeLabel) {
        NodeSession session = kept.remove(nodeLabel);
        if (session != null) {
            try {
                session.close();
            } catch (RuntimeException e) {
                // Already broken; nothing more to release.
            }
        }
    }

    /** A new connection, which the caller closes. */
    public NodeSession open(NodeAddress node) {
        Path socket = node.access() == null ? managedSocket.apply(node.label()) : null;
        boolean local = socket != null && java.nio.file.Files.exists(socket);
        RedisURI.Builder where = local ? RedisURI.Builder.socket(socket.toString())
                : RedisURI.builder().withHost(node.host()).withPort(node.port()).withSsl(node.tls())
                        .withVerifyPeer(node.tls() ? SslVerifyMode.FULL : SslVerifyMode.NONE);
        RedisURI uri = where.withAuthentication(node.adminUser(), node.access() == null ? admin.password()
                        : node.access().adminPassword())
                .withTimeout(TIMEOUT).build();
        try {
            StatefulRedisConnection<String, String> connection = (local ? this.local.get() : client(node)).connect(uri);
            return new NodeSession(node, connection);
        } catch (RuntimeException e) {
            throw new NodeUnavailableException(node, e);
        }
    }

    private RedisClient client(NodeAddress node) {
        if (!node.tls()) {
            return plain.get();
        }
        if (node.access() == null) {
            return tls.get();
        }
        Path ca = node.access().caCertificate();
        return externalTls.computeIfAbsent(ca == null ? "" : ca.toString(), k -> {
            RedisClient client = RedisClient.create();
            client.setOptions(options(ca, null));
            return client;
        });
    }

    @Override
    public void close() {
        new java.util.ArrayList<>(kept.keySet()).forEach(this::forget);
        externalTls.values().forEach(c -> c.shutdown(Duration.ZERO, Duration.ofSeconds(2)));
        plain.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        local.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        tls.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
