package dev.cachewarden.front;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.OpenSslServerSessionContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front of every managed cache: one loopback listener per published endpoint, which terminates
 * TLS and relays each client connection to the node's private socket (see {@link FrontConnection}).
 * Its threads are daemons created with the first endpoint, so a server without caches has none and a
 * listener never holds up the JVM's exit.
 */
public final class FrontServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FrontServer.class);

    private final FrontLimits limits;
    private volatile ConnectionAuthenticator authenticator;
    /** By the address and port listened on: endpoints of groups made with a Port share it on addresses of their own. */
    private final Map<InetSocketAddress, Listener> listeners = new ConcurrentHashMap<>();
    private EventLoopGroup group;
    /** Where AUTHs are decided, off the event loops: an authenticator may look up users or policies. */
    private final java.util.concurrent.ExecutorService authenticatorThreads =
            java.util.concurrent.Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("front-auth-", 0).factory());
    private boolean closed;

    /** A bound endpoint and the client connections it accepted. */
    static final class Listener {
        private final FrontEndpoint endpoint;
        private final Set<FrontConnection> connections = ConcurrentHashMap.newKeySet();
        private volatile Channel channel;
        /** Which replica the next connection to a reader endpoint tries first. */
        private final java.util.concurrent.atomic.AtomicInteger nextReplica = new java.util.concurrent.atomic.AtomicInteger();

        Listener(FrontEndpoint endpoint) {
            this.endpoint = endpoint;
        }

        /**
         * Where a new connection goes, in the order to try: the endpoint's node; on a reader endpoint,
         * its replicas starting with the next in turn (connections spread over them), then the primary.
         */
        List<java.net.SocketAddress> upstreams() {
            List<java.net.SocketAddress> replicas = endpoint.replicas();
            if (replicas.isEmpty()) {
                return List.of(endpoint.upstream());
            }
            int first = Math.floorMod(nextReplica.getAndIncrement(), replicas.size());
            List<java.net.SocketAddress> order = new java.util.ArrayList<>(replicas.size() + 1);
            for (int i = 0; i < replicas.size(); i++) {
                order.add(replicas.get((first + i) % replicas.size()));
            }
            order.add(endpoint.upstream());
            return order;
        }

        FrontEndpoint endpoint() {
            return endpoint;
        }

        Set<FrontConnection> connections() {
            return connections;
        }

        Channel channel() {
            return channel;
        }
    }

    public FrontServer(ConnectionAuthenticator authenticator, FrontLimits limits) {
        this.authenticator = authenticator;
        this.limits = limits;
    }

    /** Replaces the authenticator (e.g. the IAM one, once wired); applies to AUTHs from now on. */
    public void authenticator(ConnectionAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    ConnectionAuthenticator authenticator() {
        return authenticator;
    }

    java.util.concurrent.Executor authenticatorThreads() {
        return authenticatorThreads;
    }

    FrontLimits limits() {
        return limits;
    }

    /**
     * Listens on the endpoint's port unless it already does for this endpoint; returns once bound.
     * @throws IllegalStateException when the port cannot be bound
     */
    public synchronized void serve(FrontEndpoint endpoint) {
        serve(endpoint, InetAddress.getLoopbackAddress());
    }

    /** The same on {@code bind} instead of 127.0.0.1 (an external cache's front may listen elsewhere). */
    public synchronized void serve(FrontEndpoint endpoint, InetAddress bind) {
        if (closed) {
            throw new IllegalStateException("the front is closed");
        }
        InetSocketAddress address = new InetSocketAddress(bind, endpoint.port());
        Listener current = listeners.get(address);
        if (current != null && current.endpoint().equals(endpoint) && current.channel().isActive()) {
            return;
        }
        if (current != null) {
            stop(address);
        }
        SslContext ssl = endpoint.tls() ? sslContext(endpoint) : null;
        Listener listener = new Listener(endpoint);
        ServerBootstrap b = new ServerBootstrap().group(group()).channel(FrontTransport.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.AUTO_READ, false) // until the node's side is connected
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (ssl != null && endpoint.plaintextAccepted()) {
                            // TransitEncryptionMode preferred: TLS when the first bytes are a handshake, else plain.
                            ch.pipeline().addLast(new io.netty.handler.ssl.OptionalSslHandler(ssl));
                        } else if (ssl != null) {
                            ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new IdleStateHandler(false, limits.stalledCommand().toMillis(), 0, 0,
                                TimeUnit.MILLISECONDS));
                        ch.pipeline().addLast(new FrontConnection(FrontServer.this, listener));
                    }
                });
        try {
            listener.channel = b.bind(address).syncUninterruptibly().channel();
        } catch (Exception e) { // Netty rethrows the bind's IOException unchecked ("Address already in use")
            throw new IllegalStateException("the front cannot listen on " + bind.getHostAddress() + ":" + endpoint.port()
                    + " for " + endpoint.target().cacheClusterId() + ": " + e.getMessage(), e);
        }
        listeners.put(address, listener);
        log.info("front listens on {}:{}{} for {} ({} {})", bind.getHostAddress(), endpoint.port(),
                (endpoint.tls() ? " tls (" + sslProvider() + ")" + (endpoint.plaintextAccepted() ? " and plain" : "")
                        : "") + " " + FrontTransport.name(),
                endpoint.target().cacheClusterId(), endpoint.target().cacheId(), endpoint.target().kind());
    }

    /** Whether any address listens on the port (ports of caches made without a Port are unique). */
    public boolean serving(int port) {
        return onPort(port).stream().anyMatch(l -> l.channel().isActive());
    }

    public boolean serving(String host, int port) {
        Listener l = listeners.get(new InetSocketAddress(host, port));
        return l != null && l.channel().isActive();
    }

    /** Stops listening on the port, on every address, and closes the connections it accepted. */
    public synchronized void stop(int port) {
        List.copyOf(listeners.keySet()).stream().filter(a -> a.getPort() == port).forEach(this::stop);
    }

    /** Stops listening on {@code host:port} only (other caches may listen on the same port elsewhere). */
    public synchronized void stop(String host, int port) {
        stop(new InetSocketAddress(host, port));
    }

    private synchronized void stop(InetSocketAddress address) {
        Listener l = listeners.remove(address);
        if (l == null) {
            return;
        }
        l.channel().close().syncUninterruptibly();
        List.copyOf(l.connections()).forEach(FrontConnection::close);
        log.info("front stopped listening on {}:{} ({})", address.getAddress().getHostAddress(), address.getPort(),
                l.endpoint().target().cacheClusterId());
    }

    private List<Listener> onPort(int port) {
        return listeners.entrySet().stream().filter(e -> e.getKey().getPort() == port).map(Map.Entry::getValue).toList();
    }

    /**
     * Closes every connection the front authenticated as {@code userName} (by a substituted AUTH) on
     * any endpoint of the cache; e.g. when that user is removed from its group, deleted or changes
     * mode. @return how many were closed
     */
    public int closeConnections(String cacheId, String userName) {
        int closed = 0;
        for (Listener l : listeners.values()) {
            if (!l.endpoint().target().cacheId().equals(cacheId)) {
                continue;
            }
            for (FrontConnection c : List.copyOf(l.connections())) {
                if (userName.equals(c.substitutedUser())) {
                    c.close();
                    closed++;
                }
            }
        }
        return closed;
    }

    /** Open client connections on a port, for operators and tests. */
    public int connections(int port) {
        return onPort(port).stream().mapToInt(l -> l.connections().size()).sum();
    }

    private synchronized EventLoopGroup group() {
        if (group == null) {
            quietLeakDetector();
            group = new MultiThreadIoEventLoopGroup(eventLoops(),
                    new DefaultThreadFactory("front", true), FrontTransport.ioHandlers());
        }
        return group;
    }

    /**
     * Netty's leak detector (one level for the whole JVM) is turned off unless asked for with
     * {@code -Dio.netty.leakDetection.level}: by default it records a stack trace for one buffer in
     * 128, 1.4–3% of the front's CPU under redis-benchmark (async-profiler, docs/bench.md). The
     * property turns it back on to look for a leak.
     */
    static void quietLeakDetector() {
        if (System.getProperty("io.netty.leakDetection.level") == null
                && System.getProperty("io.netty.leakDetectionLevel") == null) {
            io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
        }
    }

    /**
     * Half the cores, at least one: the nodes behind the front are processes of their own on the same
     * machine. On two cores one loop gathers ~12 pipelined batches per {@code epoll_wait} where two loops
     * woke for every ~1.4 (strace), and used ~10% less CPU per request (docs/bench.md).
     * {@code -Dcachewarden.front.eventLoops=N} sets it.
     */
    static int eventLoops() {
        int n = Integer.getInteger("cachewarden.front.eventLoops", 0);
        return n > 0 ? n : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    /**
     * The key exchange groups the front accepts, most preferred first: the node's own (redis-server's
     * OpenSSL 3.0 offers X25519, then the NIST curves), so a client gets the TLS a node would give it.
     * Netty's default for BoringSSL puts the post-quantum hybrid X25519MLKEM768 first, which BoringSSL
     * clients then negotiate: a larger ClientHello and ServerHello and an ML-KEM encapsulation on every
     * handshake, full or resumed, that the node never does (docs/bench.md).
     */
    static final String[] GROUPS = {"x25519", "secp256r1", "secp384r1", "secp521r1"};

    /** BoringSSL (netty-tcnative) when its native library loads: handshakes and records cost several times less. */
    static SslProvider sslProvider() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    private static SslContext sslContext(FrontEndpoint endpoint) {
        try {
            return sslContext(endpoint.certificate(), endpoint.key());
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot load the certificate of " + endpoint.target().cacheClusterId(), e);
        }
    }

    /** The server side of an endpoint's TLS, with the node's key exchange groups and session tickets. */
    static SslContext sslContext(java.nio.file.Path certificate, java.nio.file.Path key) throws SSLException {
        SslContextBuilder builder = SslContextBuilder.forServer(certificate.toFile(), key.toFile())
                .sslProvider(sslProvider());
        if (sslProvider() == SslProvider.OPENSSL) {
            builder.option(OpenSslContextOption.GROUPS, GROUPS);
        }
        SslContext ssl = builder.build();
        if (ssl.sessionContext() instanceof OpenSslServerSessionContext sessions) {
            // TLS 1.3 resumes only with tickets (the JDK provider issues them): keep them on explicitly.
            sessions.setTicketKeys();
        }
        return ssl;
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (InetSocketAddress address : List.copyOf(listeners.keySet())) {
            stop(address);
        }
        authenticatorThreads.shutdownNow();
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
    }
}
