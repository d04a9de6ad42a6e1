package dev.cachewarden.front;

import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * The front's Netty transport, in one place (NIO). The client's and the node's channels of a
 * connection share one event loop, so both must be of it.
 *
 * <p>Upstreams: a node of a managed cache listens on a unix socket in a private directory. An
 * upstream of another kind (e.g. TCP to an external cache) adds its case to {@link #upstreamChannel}
 * and {@link #upstreamAddress}, and its handlers (TLS…) to {@link #initUpstream}; the relay
 * ({@link UpstreamLink}) does not change.
 */
final class FrontTransport {
    private FrontTransport() {}

    static IoHandlerFactory ioHandlers() {
        return NioIoHandler.newFactory();
    }

    static Class<? extends ServerChannel> serverChannel() {
        return NioServerSocketChannel.class;
    }

    static Class<? extends Channel> upstreamChannel(SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress) {
            return NioDomainSocketChannel.class;
        }
        throw new IllegalArgumentException("no front transport for " + address.getClass().getSimpleName());
    }

    /** The address as the upstream channel class takes it. */
    static SocketAddress upstreamAddress(SocketAddress address) {
        return address;
    }

    /** Handlers an upstream channel needs before the relay's own; none for a unix socket. */
    static void initUpstream(Channel channel, SocketAddress address) {
        // nothing: the node's socket is private, bytes go as they are
    }
}
