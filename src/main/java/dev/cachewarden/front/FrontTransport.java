package dev.cachewarden.front;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * The front's Netty transport, in one place: Linux's native epoll where its library loads (fewer
 * system calls and no selector garbage per read: measured in docs/bench.md), NIO elsewhere. The
 * client's and the node's channels of a connection share one event loop, so both must be of it.
 *
 * <p>Upstreams: a node of a managed cache listens on a unix socket in a private directory. An
 * upstream of another kind (e.g. TCP to an external cache) adds its case to {@link #upstreamChannel}
 * and {@link #upstreamAddress}, and its handlers (TLS…) to {@link #initUpstream}; the relay
 * ({@link UpstreamLink}) does not change.
 */
final class FrontTransport {
    /** Whether the native transport is used; a system property turns it off to compare. */
    static final boolean NATIVE = Epoll.isAvailable() && !Boolean.getBoolean("cachewarden.front.nio");

    private FrontTransport() {}

    static IoHandlerFactory ioHandlers() {
        return NATIVE ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    static Class<? extends ServerChannel> serverChannel() {
        return NATIVE ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    static String name() {
        return NATIVE ? "epoll" : "nio";
    }

    /** Made without reflection: {@code Bootstrap.channel(Class)} looked the constructor up for every connection. */
    private static final ChannelFactory<Channel> EPOLL_UNIX = EpollDomainSocketChannel::new;
    private static final ChannelFactory<Channel> NIO_UNIX = NioDomainSocketChannel::new;

    /** Makes the channel that reaches {@code address}, of the event loop's transport. */
    static Channel newUpstreamChannel(SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress) {
            return (NATIVE ? EPOLL_UNIX : NIO_UNIX).newChannel();
        }
        throw new IllegalArgumentException("no front transport for " + address.getClass().getSimpleName());
    }

    static Class<? extends Channel> upstreamChannel(SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress) {
            return NATIVE ? EpollDomainSocketChannel.class : NioDomainSocketChannel.class;
        }
        throw new IllegalArgumentException("no front transport for " + address.getClass().getSimpleName());
    }

    /** The address as the upstream channel class takes it (epoll has its own unix socket address). */
    static SocketAddress upstreamAddress(SocketAddress address) {
        if (NATIVE && address instanceof UnixDomainSocketAddress unix) {
            return new DomainSocketAddress(unix.getPath().toString());
        }
        return address;
    }

    /** Handlers an upstream channel needs before the relay's own (added first); none for a unix socket. */
    static void initUpstream(Channel channel, SocketAddress address) {
        // nothing: the node's socket is private, bytes go as they are
    }
}
