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
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDomainSocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front's Netty transport, in one place. Linux's io_uring where the kernel allows it: one
 * {@code io_uring_enter} submits a loop's sends and receives for every connection, where epoll makes a
 * system call for each, and system calls are what the front spends most on (on this machine's
 * hypervisor each one costs a trap): under redis-benchmark its JVM used ~30% less CPU per request
 * than on epoll (docs/bench.md). Then epoll (no selector garbage per read), then NIO. The client's
 * and the node's channels of a connection share one event loop, so both must be of it.
 *
 * <p>{@code -Dcachewarden.front.transport=io_uring|epoll|nio} asks for one (to compare, or where a
 * kernel's io_uring misbehaves); one that does not load here falls back to the next.
 *
 * <p>Upstreams: a node of a managed cache listens on a unix socket in a private directory. An
 * upstream of another kind (e.g. TCP to an external cache) adds its case to {@link #newUpstreamChannel}
 * and {@link #upstreamAddress}, and its handlers (TLS…) to {@link #initUpstream}; the relay
 * ({@link UpstreamLink}) does not change.
 */
final class FrontTransport {
    private static final Logger log = LoggerFactory.getLogger(FrontTransport.class);

    /**
     * The transports, most preferred first, each with the channels the front makes of it. Naming a class
     * or a constructor here loads nothing native: only {@link #unavailabilityCause} and the factories do.
     */
    enum Kind {
        IO_URING("io_uring", IoUringIoHandler::newFactory, IoUringServerSocketChannel.class,
                IoUringDomainSocketChannel.class, IoUringDomainSocketChannel::new),
        EPOLL("epoll", EpollIoHandler::newFactory, EpollServerSocketChannel.class,
                EpollDomainSocketChannel.class, EpollDomainSocketChannel::new),
        NIO("nio", NioIoHandler::newFactory, NioServerSocketChannel.class,
                NioDomainSocketChannel.class, NioDomainSocketChannel::new);

        /** As the property and the log spell it. */
        final String label;
        final Supplier<IoHandlerFactory> ioHandlers;
        final Class<? extends ServerChannel> serverChannel;
        /** The channel to a node's unix socket, and its maker (made without reflection: {@code
         *  Bootstrap.channel(Class)} looked the constructor up for every connection). */
        final Class<? extends Channel> unixChannel;
        final ChannelFactory<Channel> newUnixChannel;

        Kind(String label, Supplier<IoHandlerFactory> ioHandlers, Class<? extends ServerChannel> serverChannel,
             Class<? extends Channel> unixChannel, ChannelFactory<Channel> newUnixChannel) {
            this.label = label;
            this.ioHandlers = ioHandlers;
            this.serverChannel = serverChannel;
            this.unixChannel = unixChannel;
            this.newUnixChannel = newUnixChannel;
        }

        /** Why its native library does not load here; null when it does (NIO always). */
        Throwable unavailabilityCause() {
            return switch (this) {
                case IO_URING -> IoUring.unavailabilityCause();
                case EPOLL -> Epoll.unavailabilityCause();
                case NIO -> null;
            };
        }

        /** Whether Netty's native library (its errno constants included) is loaded for this transport. */
        boolean isNative() {
            return this != NIO;
        }
    }

    /** The transport every front channel of this JVM uses. */
    static final Kind KIND = choose(System.getProperty("cachewarden.front.transport", ""));

    private FrontTransport() {}

    /**
     * The asked-for transport if it loads, else the first that does after it; none asked, or one of
     * another name (said in the log, not thrown: the front must not fail on a tuning property): the first.
     */
    static Kind choose(String asked) {
        String wanted = asked.strip().toLowerCase(Locale.ROOT);
        Kind first = Arrays.stream(Kind.values()).filter(k -> k.label.equals(wanted)).findFirst().orElse(Kind.IO_URING);
        if (!wanted.isEmpty() && !first.label.equals(wanted)) {
            log.warn("cachewarden.front.transport={}: no such transport (io_uring, epoll or nio); choosing one", asked);
        }
        for (Kind k : Kind.values()) {
            if (k.ordinal() >= first.ordinal() && k.unavailabilityCause() == null) {
                if (k != first) {
                    log.info("front transport {} does not load here ({}); using {}", first.label,
                            first.unavailabilityCause(), k.label);
                }
                return k;
            }
        }
        throw new AssertionError("NIO always loads");
    }

    static IoHandlerFactory ioHandlers() {
        return KIND.ioHandlers.get();
    }

    static Class<? extends ServerChannel> serverChannel() {
        return KIND.serverChannel;
    }

    static String name() {
        return KIND.label;
    }

    /** Makes the channel that reaches {@code address}, of the event loop's transport. */
    static Channel newUpstreamChannel(SocketAddress address) {
        if (!(address instanceof UnixDomainSocketAddress)) {
            throw new IllegalArgumentException("no front transport for " + address.getClass().getSimpleName());
        }
        return KIND.newUnixChannel.newChannel();
    }

    /** The address as the upstream channel class takes it (the native ones have their own unix socket address). */
    static SocketAddress upstreamAddress(SocketAddress address) {
        if (KIND.isNative() && address instanceof UnixDomainSocketAddress unix) {
            return new DomainSocketAddress(unix.getPath().toString());
        }
        return address;
    }

    /** Handlers an upstream channel needs before the relay's own (added first); none for a unix socket. */
    static void initUpstream(Channel channel, SocketAddress address) {
        // nothing: the node's socket is private, bytes go as they are
    }
}
