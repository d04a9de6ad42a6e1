package dev.cachewarden.front;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way from the front to servers cachewarden does not run (external caches). The front reaches a
 * node on a private unix socket; for an external server, that socket is one of these relays, which
 * opens a TCP connection (TLS, verifying the server's certificate and name against the configured CA,
 * when the cache has TLS) for each connection the front makes and copies bytes both ways. The front
 * itself stays the same for every node: RESP parsing, AUTH decisions and limits happen there, once.
 * The sockets live in a private directory (mode 0700) under the system's temporary directory, short
 * enough for a socket path, removed at close.
 */
public final class TcpUpstreams implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TcpUpstreams.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    /** Where an external node listens, as the relay reaches it. */
    public record Server(String label, String host, int port, boolean tls, Path caCertificate) {}

    private final Map<String, Channel> listening = new ConcurrentHashMap<>();
    private Path directory;
    private EventLoopGroup group;
    private boolean closed;

    /**
     * Opens (or returns the already open) relay to {@code server}; @return the unix socket the front
     * connects to as the node's upstream
     */
    public synchronized UnixDomainSocketAddress open(Server server) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        Path socket = directory().resolve(server.label() + ".sock");
        if (listening.containsKey(server.label())) {
            return UnixDomainSocketAddress.of(socket);
        }
        SslContext ssl = server.tls() ? clientContext(server) : null;
        ServerBootstrap b = new ServerBootstrap().group(group()).channel(NioServerDomainSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false) // until the server's side is connected
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel front) {
                        front.pipeline().addLast(new Accepted(server, ssl));
                    }
                });
        Channel channel = b.bind(UnixDomainSocketAddress.of(socket)).syncUninterruptibly().channel();
        listening.put(server.label(), channel);
        log.info("front relays {} to {}:{}{}", server.label(), server.host(), server.port(), server.tls() ? " (tls)" : "");
        return UnixDomainSocketAddress.of(socket);
    }

    private Path directory() {
        if (directory == null) {
            try {
                directory = Files.createTempDirectory("cw-ext",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the external relays' directory", e);
            }
        }
        return directory;
    }

    private EventLoopGroup group() {
        if (group == null) {
            group = new MultiThreadIoEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()),
                    new DefaultThreadFactory("front-upstream", true), NioIoHandler.newFactory());
        }
        return group;
    }

    private static SslContext clientContext(Server server) {
        try {
            SslContextBuilder b = SslContextBuilder.forClient().sslProvider(FrontServer.sslProvider())
                    .endpointIdentificationAlgorithm("HTTPS");
            if (server.caCertificate() != null) {
                b.trustManager(server.caCertificate().toFile());
            }
            return b.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot load the CA certificate " + server.caCertificate() + " of "
                    + server.label(), e);
        }
    }

    /** A connection from the front: connects to the server, then relays both ways. */
    private static final class Accepted extends ChannelInboundHandlerAdapter {
        private final Server server;
        private final SslContext ssl;

        Accepted(Server server, SslContext ssl) {
            this.server = server;
            this.ssl = ssl;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel front = ctx.channel();
            Bootstrap b = new Bootstrap().group(front.eventLoop()).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            if (ssl != null) {
                                ch.pipeline().addLast(ssl.newHandler(ch.alloc(), server.host(), server.port()));
                            }
                            ch.pipeline().addLast(new Relay(front, server.label()));
                        }
                    });
            b.connect(new InetSocketAddress(server.host(), server.port())).addListener((ChannelFutureListener) f -> {
                if (!f.isSuccess()) {
                    log.warn("front: cannot reach external node {} at {}:{}: {}", server.label(), server.host(),
                            server.port(), f.cause().toString());
                    front.close();
                    return;
                }
                Channel upstream = f.channel();
                front.pipeline().replace(this, "relay", new Relay(upstream, server.label()));
                if (!front.isActive()) {
                    upstream.close();
                    return;
                }
                front.config().setAutoRead(true);
            });
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /**
     * Copies what one side reads to the other. Reading stops while the other side cannot take more
     * (its outbound buffer is over Netty's high-water mark), so a slow side holds memory bounded.
     */
    private static final class Relay extends ChannelInboundHandlerAdapter {
        private final Channel peer;
        private final String label;

        Relay(Channel peer, String label) {
            this.peer = peer;
            this.label = label;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            peer.write(msg, peer.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            peer.flush();
            if (!peer.isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                peer.config().setAutoRead(true);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            // What was already read still reaches the other side before it closes.
            peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof SSLException || cause.getCause() instanceof SSLException) {
                // A wrong ca-certificate or server name: every connection fails alike, so say why.
                log.warn("front: TLS with external node {} failed: {}", label, cause.getMessage());
            } else {
                log.debug("front: external relay connection to {} failed: {}", label, cause.toString());
            }
            ctx.close();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        List.copyOf(listening.values()).forEach(c -> c.close().syncUninterruptibly());
        listening.clear();
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        if (directory != null) {
            try (var files = Files.list(directory)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
                Files.deleteIfExists(directory);
            } catch (IOException e) {
                log.debug("cannot remove {}: {}", directory, e.toString());
            }
        }
    }
}
