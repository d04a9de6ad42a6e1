package dev.cachewarden.front;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Node connections a closed client left clean, kept for the next client of the same node on the same
 * event loop instead of a new unix socket connect (and the node's accept, client set-up and teardown)
 * per client connection: about a tenth of the front's CPU per new TLS connection (async-profiler,
 * docs/bench.md). A connection comes back only after the node answered {@code RESET} with exactly
 * {@code +RESET} and nothing else: RESET drops the previous client's identity (back to the default
 * user, or none), database, transaction, watches, name, protocol and modes, and no ACL can refuse it.
 * So the next client starts from what a new connection would give it, and nothing the previous one
 * did reaches it: any other byte while the connection waits here closes it. Only the event loop that
 * owns a connection touches its entries (a thread-local pool), so nothing is locked.
 */
final class UpstreamPool {
    /** At most this many connections kept (answered or awaiting their RESET) per node and event loop. */
    static final int MAX_PER_NODE = 32;
    /** A connection idle longer is closed (well under any node {@code timeout}: ElastiCache allows 0 or ≥ 20 s). */
    static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final byte[] RESET_REPLY = "+RESET\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final ByteBuf RESET = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer(14).writeBytes("*1\r\n$5\r\nRESET\r\n".getBytes(StandardCharsets.US_ASCII)))
            .asReadOnly();
    /** Whether connections are kept at all; {@code -Dcachewarden.front.reuseNodeConnections=false} turns it off. */
    static final boolean ENABLED =
            Boolean.parseBoolean(System.getProperty("cachewarden.front.reuseNodeConnections", "true"));

    private static final FastThreadLocal<UpstreamPool> LOOP = new FastThreadLocal<>() {
        @Override
        protected UpstreamPool initialValue() {
            return new UpstreamPool();
        }
    };

    /** One kept connection: whose handler it is, since when, and how much of {@code +RESET} came back. */
    static final class Entry {
        final SocketAddress node;
        final UpstreamLink.NodeHandler handler;
        final long since = System.nanoTime();
        int matched;

        Entry(SocketAddress node, UpstreamLink.NodeHandler handler) {
            this.node = node;
            this.handler = handler;
        }

        boolean ready() {
            return matched == RESET_REPLY.length;
        }
    }

    private final Map<SocketAddress, ArrayDeque<Entry>> byNode = new HashMap<>();
    private boolean sweeping;
    /** The event loop this pool belongs to (set with its first connection). */
    private io.netty.channel.EventLoop loop;

    /** The calling event loop's pool. */
    static UpstreamPool here() {
        return LOOP.get();
    }

    /** A connection to {@code node} that answered its RESET, most recently kept first; null if none. */
    UpstreamLink.NodeHandler take(SocketAddress node) {
        ArrayDeque<Entry> entries = byNode.get(node);
        if (entries == null) {
            return null;
        }
        long now = System.nanoTime();
        for (Iterator<Entry> it = entries.descendingIterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.ready() && e.handler.channel().isActive() && now - e.since < MAX_IDLE_NANOS) {
                it.remove();
                e.handler.pooled = null;
                return e.handler;
            }
        }
        return null;
    }

    /**
     * Keeps a connection its client left clean: sends RESET, and makes it available once the node
     * answered. @return false when not kept (the caller closes it)
     */
    boolean offer(SocketAddress node, UpstreamLink.NodeHandler handler) {
        Channel ch = handler.channel();
        if (!ENABLED || !ch.isActive() || !ch.isWritable()) {
            return false;
        }
        ArrayDeque<Entry> entries = byNode.computeIfAbsent(node, k -> new ArrayDeque<>());
        if (entries.size() >= MAX_PER_NODE) {
            return false;
        }
        Entry e = new Entry(node, handler);
        handler.pooled = e;
        entries.addLast(e);
        ch.config().setAutoRead(true);
        ch.writeAndFlush(RESET.duplicate(), ch.voidPromise());
        if (!sweeping) {
            sweeping = true;
            loop = ch.eventLoop();
            loop.schedule(this::sweep, MAX_IDLE_NANOS, TimeUnit.NANOSECONDS);
        }
        return true;
    }

    /** Bytes from a kept connection: its RESET's answer, exactly; anything else closes it. */
    static void idleRead(UpstreamLink.NodeHandler handler, ByteBuf buf) {
        Entry e = handler.pooled;
        try {
            while (buf.isReadable()) {
                if (e == null || e.ready() || buf.readByte() != RESET_REPLY[e.matched]) {
                    handler.channel().close(); // not the answer to RESET: this connection is no one's
                    return;
                }
                e.matched++;
            }
        } finally {
            buf.release();
        }
    }

    /** A kept connection closed (the node went away, or it was closed here). */
    void gone(UpstreamLink.NodeHandler handler) {
        ArrayDeque<Entry> entries = handler.pooled == null ? null : byNode.get(handler.pooled.node);
        if (entries != null && handler.pooled != null) {
            entries.remove(handler.pooled);
            handler.pooled = null;
        }
    }

    /** Closes what waited too long, the oldest first; runs again while anything is kept. */
    private void sweep() {
        long now = System.nanoTime();
        boolean any = false;
        for (ArrayDeque<Entry> entries : byNode.values()) {
            while (!entries.isEmpty() && now - entries.peekFirst().since >= MAX_IDLE_NANOS) {
                Entry e = entries.pollFirst();
                e.handler.pooled = null;
                e.handler.channel().close();
            }
            any |= !entries.isEmpty();
        }
        byNode.values().removeIf(ArrayDeque::isEmpty);
        if (any) {
            loop.schedule(this::sweep, MAX_IDLE_NANOS, TimeUnit.NANOSECONDS);
        } else {
            sweeping = false;
        }
    }
}
