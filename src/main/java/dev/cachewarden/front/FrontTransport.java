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
import java.util.Locale;
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
 * upstream of another kind (e.g. TCP to an external cache) adds its case to {@link #upstreamChannel}
 * and {@link #upstreamAddress}, and its handlers (TLS…) to {@link #initUpstream}; the relay
 * ({@link UpstreamLink}) does not change.
 */
final class FrontTransport {
    private static final Logger log = LoggerFactory.getLogger(FrontTransport.class);

    /** The transports, most preferred first. */
    enum Kind {
        IO_URING("io_uring"), EPOLL("epoll"), NIO("nio");

        /** As the property and the log spell it. */
        final String label;

        Kind(String label) {
            this.label = label;
        }

        boolean loads() {
            return switch (this) {
                case IO_URING -> IoUring.isAvailable();
                case EPOLL -> Epoll.isAvailable();
                case NIO -> true;
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
        Kind[] kinds = Kind.values();
        int from = 0;
        if (!asked.isBlank()) {
            String wanted = asked.strip().toLowerCase(Locale.ROOT);
            from = -1;
            for (Kind k : kinds) {
                if (k.label.equals(wanted)) {
                    from = k.ordinal();
                }
            }
            if (from < 0) {
                log.warn("cachewarden.front.transport={}: no such transport (io_uring, epoll or nio); choosing one",
                        asked);
                from = 0;
            }
        }
        for (int i = from; i < kinds.length; i++) {
            if (kinds[i].loads()) {
                if (i != from) {
                    log.info("front transport {} does not load here ({}); using {}", kinds[from].label,
                            cause(kinds[from]), kinds[i].label);
                }
                return kinds[i];
            }
        }
        return Kind.NIO;
    }

    private static Throwable cause(Kind kind) {
        return switch (kind) {
            case IO_URING -> IoUring.unavailabilityCause();
            case EPOLL -> Epoll.unavailabilityCause();
            case NIO -> null;
        };
    }

    static IoHandlerFactory ioHandlers() {
        return switch (KIND) {
            case IO_URING -> IoUringIoHandler.newFactory();
            case EPOLL -> EpollIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
    }

    static Class<? extends ServerChannel> serverChannel() {
        return switch (KIND) {
            case IO_URING -> IoUringServerSocketChannel.class;
            case EPOLL -> EpollServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
        };
    }

    static String name() {
        return KIND.label;
    }

    /** Made without reflection: {@code Bootstrap.channel(Class)} looked the constructor up for every connection. */
    private static final ChannelFactory<Channel> URING_UNIX = IoUringDomainSocketChannel::new;
    private static final ChannelFactory<Channel> EPOLL_UNIX = EpollDomainSocketChannel::new;
    private static final ChannelFactory<Channel> NIO_UNIX = NioDomainSocketChannel::new;

    /** Makes the channel that reaches {@code address}, of the event loop's transport. */
    static Channel newUpstreamChannel(SocketAddress address) {
        requireUnix(address);
        return (switch (KIND) {
            case IO_URING -> URING_UNIX;
            case EPOLL -> EPOLL_UNIX;
            case NIO -> NIO_UNIX;
        }).newChannel();
    }

    static Class<? extends Channel> upstreamChannel(SocketAddress address) {
        requireUnix(address);
        return switch (KIND) {
            case IO_URING -> IoUringDomainSocketChannel.class;
            case EPOLL -> EpollDomainSocketChannel.class;
            case NIO -> NioDomainSocketChannel.class;
        };
    }

    private static void requireUnix(SocketAddress address) {
        if (!(address instanceof UnixDomainSocketAddress)) {
            throw new IllegalArgumentException("no front transport for " + address.getClass().getSimpleName());
        }
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
