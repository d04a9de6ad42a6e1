package dev.cachewarden.front;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.unix.Errors;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front's connection to the node behind one client connection, on the client channel's event
 * loop (no locks, no handoff between threads). It connects to the first address that answers,
 * keeps what the client sent before that, and hands the node's replies to its {@link Replies}.
 * Which channel reaches an address (a unix socket today) is {@link FrontTransport}'s choice: an
 * upstream of another kind plugs in there, this class does not change.
 */
final class UpstreamLink {
    private static final Logger log = LoggerFactory.getLogger(UpstreamLink.class);

    /** What the client side does with the node's side's events; called on the event loop. */
    interface Replies {
        /** The link is up and what was kept has gone to the node. */
        void connected();

        /** Bytes from the node (ownership passes on). */
        void read(ByteBuf buf);

        /** The node's read batch ended: time to flush towards the client. */
        void readComplete(Channel upstream);

        /** The node takes writes again. */
        void writable();
    }

    private final Channel client;
    private final int port;
    private final Replies replies;
    private Channel channel;
    /** The node connected to, and its channel's handler (to keep the connection for the next client). */
    private SocketAddress node;
    private NodeHandler handler;
    /** What arrived before the node's side was connected (TLS may deliver data during the handshake). */
    private List<ByteBuf> early = new ArrayList<>();
    private boolean needsFlush;
    /** Connects retried because the node's accept queue was full (see {@link #busy}). */
    private int busyRetries;
    /** When the first connect found the node's accept queue full (System.nanoTime), 0 before. */
    private long busySince;
    /**
     * How long a full accept queue is waited out: as long as TCP's own SYN retries would wait on a
     * busy listener, so a node descheduled on a loaded machine (CI's 2 cores) is not taken for dead.
     */
    private static final long BUSY_WAIT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(3);

    UpstreamLink(Channel client, int port, Replies replies) {
        this.client = client;
        this.port = port;
        this.replies = replies;
    }

    /** Connects to the first of {@code upstreams} from {@code i} that answers (a reader's replicas, then the primary). */
    void connect(List<SocketAddress> upstreams, int i) {
        SocketAddress address = upstreams.get(i);
        NodeHandler kept = UpstreamPool.here().take(address);
        if (kept != null) {
            handler = kept;
            kept.link = this;
            attached(kept.channel(), address);
            return;
        }
        // What Bootstrap does, without its per-connection option maps, reflection and initializer.
        Channel ch = FrontTransport.newUpstreamChannel(address);
        ch.config().setAutoRead(true);
        FrontTransport.initUpstream(ch, address);
        handler = new NodeHandler(ch);
        handler.link = this;
        ch.pipeline().addLast(handler);
        client.eventLoop().register(ch).addListener((ChannelFutureListener) registered -> {
            if (!registered.isSuccess()) {
                connected(upstreams, i, address, registered);
                return;
            }
            ch.connect(FrontTransport.upstreamAddress(address))
                    .addListener((ChannelFutureListener) f -> connected(upstreams, i, address, f));
        });
    }

    private void connected(List<SocketAddress> upstreams, int i, SocketAddress address, ChannelFuture f) {
        if (!f.isSuccess()) {
            f.channel().close();
            if (busy(f.cause()) && client.isActive()) {
                // A full accept queue on the node's unix socket is a burst, not a dead node (1,000 clients
                // at once passed the front's backlog of 1,024 and overflowed redis's 511): try again shortly,
                // after 1, 2, ... 10 ms, until the wait is as long as TCP's would be. A budget counted in
                // tries (20, ~210 ms) ran out once in CI while the node was not scheduled.
                long now = System.nanoTime();
                if (busySince == 0) {
                    busySince = now;
                }
                if (now - busySince < BUSY_WAIT_NANOS) {
                    busyRetries++;
                    client.eventLoop().schedule(() -> connect(upstreams, i), Math.min(busyRetries, 10),
                            java.util.concurrent.TimeUnit.MILLISECONDS);
                    return;
                }
            }
            if (i + 1 < upstreams.size() && client.isActive()) {
                log.debug("front {}: {} does not answer, trying the next node", port, address);
                connect(upstreams, i + 1);
                return;
            }
            log.warn("front {}: cannot reach the node: {}", port, f.cause().toString());
            client.close();
            return;
        }
        attached(f.channel(), address);
    }

    /** Connected (or given a kept connection): what the client sent so far goes first. */
    private void attached(Channel ch, SocketAddress address) {
        channel = ch;
        node = address;
        if (!client.isActive()) {
            channel.close();
            return;
        }
        early.forEach(buf -> channel.write(buf, channel.voidPromise()));
        early = null;
        channel.flush();
        replies.connected();
    }

    /** The node this link's connection reaches (null before connected). */
    SocketAddress node() {
        return node;
    }

    Replies replies() {
        return replies;
    }

    /** Connected, and the connection is this link's alone (no replies due to others on it). */
    boolean ownsConnection() {
        return channel != null && handler.carrier == null && handler.pooled == null;
    }

    /** Gives the connection away (to a {@link SharedUpstream}): the link has none until it {@link #adopt}s one. */
    NodeHandler donate() {
        NodeHandler h = handler;
        h.link = null;
        handler = null;
        channel = null;
        needsFlush = false;
        return h;
    }

    /**
     * Takes {@code h} as this link's connection; if it is a {@link Carrier}, its replies due to others
     * are handed out first, then the rest comes here.
     */
    void adopt(NodeHandler h, SocketAddress address) {
        handler = h;
        channel = h.channel();
        node = address;
        h.link = this;
        if (h.carrier != null) {
            h.carrier.handOffTo(this);
        }
    }

    /**
     * Whether a connect failed because the listener's accept queue was full: a unix socket's connect
     * then fails at once with EAGAIN (TCP's would wait and retry its SYN). Netty's native transports
     * (epoll and io_uring, 4.2.13) throw a plain ConnectException for it, not a
     * {@link Errors.NativeIoException}: the errno is only in the message, which Netty writes from its own
     * negative errno ("connect(..) failed with error(-11): ..."), so it is matched against
     * {@link Errors#ERRNO_EAGAIN_NEGATIVE}, not a literal.
     * A NativeIoException's own errno counts too, should a later Netty throw one. NIO never says EAGAIN.
     */
    static boolean busy(Throwable cause) {
        if (!FrontTransport.KIND.isNative()) {
            return false; // Errors' constants come from the native library, not loaded for NIO
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof Errors.NativeIoException e && Eagain.is(e.expectedErr())) {
                return true;
            }
            if (t instanceof ConnectException && t.getMessage() != null && t.getMessage().contains(Eagain.TEXT)) {
                return true;
            }
        }
        return false;
    }

    /** Netty's EAGAIN, read once a native transport has loaded its library. */
    private static final class Eagain {
        static final String TEXT = "error(" + Errors.ERRNO_EAGAIN_NEGATIVE + ")";

        static boolean is(int negativeErrno) {
            return negativeErrno == Errors.ERRNO_EAGAIN_NEGATIVE || negativeErrno == Errors.ERRNO_EWOULDBLOCK_NEGATIVE;
        }
    }

    /** Queues bytes for the node (kept until connected); {@link #flushIfNeeded} sends them. */
    void send(ByteBuf bytes) {
        if (channel == null) {
            early.add(bytes);
            return;
        }
        channel.write(bytes, channel.voidPromise());
        needsFlush = true;
    }

    /** Flushes what {@link #send} queued since the last flush; false when the node takes no more for now. */
    boolean flushIfNeeded() {
        if (needsFlush && channel != null) {
            needsFlush = false;
            channel.flush();
            return channel.isWritable();
        }
        return true;
    }

    void flush() {
        if (channel != null) {
            needsFlush = false;
            channel.flush();
        }
    }

    /** Whether the client may be read: not yet connected counts as writable (early bytes are few). */
    boolean writable() {
        return channel == null || channel.isWritable();
    }

    void autoRead(boolean on) {
        if (channel != null) {
            channel.config().setAutoRead(on);
        }
    }

    /**
     * The client's side closed: what was kept is released; the node's side is kept for the next client
     * when {@code clean} (every command answered, nothing left that RESET does not undo: see
     * {@link UpstreamPool}), else closed.
     */
    void close(boolean clean) {
        if (early != null) {
            early.forEach(ByteBuf::release);
            early.clear();
        }
        if (channel != null) {
            handler.link = null;
            if (handler.carrier != null) {
                handler.carrier.successorGone(); // replies are still due to others on it
            } else if (!clean || !UpstreamPool.here().offer(node, handler)) {
                channel.close();
            }
        }
    }

    /**
     * The node's side: replies go to the client of the link it serves as they come; while kept for the
     * next client ({@link #link} null) only the answer to its RESET may arrive ({@link UpstreamPool}).
     */
    static final class NodeHandler extends ChannelInboundHandlerAdapter {
        private final Channel channel;
        /** The link this connection serves; null while it is kept. */
        UpstreamLink link;
        /** Its place in the pool while kept; null otherwise. */
        UpstreamPool.Entry pooled;
        /** While it carries shared commands (and until what is due on it is handed out); null otherwise. */
        Carrier carrier;
        /** The sharing it waits idle in; null otherwise. */
        SharedUpstream idleIn;

        NodeHandler(Channel channel) {
            this.channel = channel;
        }

        Channel channel() {
            return channel;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (carrier != null) {
                carrier.read((ByteBuf) msg);
            } else if (link != null) {
                link.replies.read((ByteBuf) msg);
            } else {
                UpstreamPool.idleRead(this, (ByteBuf) msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (carrier == null && link != null) {
                link.replies.readComplete(ctx.channel());
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (carrier != null && ctx.channel().isWritable()) {
                carrier.writable();
            }
            if (link != null && ctx.channel().isWritable()) {
                link.replies.writable();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Carrier c = carrier;
            if (c != null) {
                carrier = null;
                c.lost();
            }
            if (idleIn != null) {
                idleIn.idleLost(this);
            }
            if (link != null) {
                link.client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            } else if (pooled != null) {
                UpstreamPool.here().gone(this);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("front: node connection failed: {}", cause.toString());
            ctx.close();
        }
    }
}
