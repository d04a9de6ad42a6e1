package dev.cachewarden.front;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection through the front, and its own connection to the node: requests go up as
 * the {@link RequestParser} finds them (AUTH and HELLO … AUTH decided by the authenticator first),
 * replies come down untouched while a {@link ReplyCounter} tells which answers which command, so the
 * front knows when an AUTH it substituted succeeded. Both channels share one event loop: no locks.
 */
final class FrontConnection extends ChannelInboundHandlerAdapter implements RequestParser.Sink {
    private static final Logger log = LoggerFactory.getLogger(FrontConnection.class);
    /** Commands held whole so their arguments can be read. */
    private static final Set<String> HELD = Set.of("AUTH", "HELLO", "CLIENT");
    /** Commands after which replies no longer match commands one to one (pub/sub, MONITOR…). */
    private static final Set<String> UNCOUNTABLE = Set.of("SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "UNSUBSCRIBE",
            "PUNSUBSCRIBE", "SUNSUBSCRIBE", "MONITOR", "SYNC", "PSYNC");

    private final FrontServer server;
    private final FrontServer.Listener listener;
    private Channel client;
    private Channel upstream;
    private RequestParser parser;
    private final ReplyCounter counter = new ReplyCounter(this::replied);

    /** Commands sent to the node, and whole replies received from it. */
    private long sent;
    private long received;
    /** The replies awaited for AUTH/HELLO commands, oldest first. */
    private final java.util.ArrayDeque<Pending> pending = new java.util.ArrayDeque<>();
    /** Replies can no longer be matched to commands; substitutions are then refused. */
    private boolean uncountable;
    private boolean inMulti;
    private String protocolError;
    private boolean needsFlush;
    /** What arrived before the node's side was connected (TLS may deliver data during the handshake). */
    private java.util.List<ByteBuf> early = new java.util.ArrayList<>();

    /** The user the front authenticated by substitution (read by other threads to close it). */
    private volatile String substitutedUser;
    private Instant expiresAt;
    private ScheduledFuture<?> expiry;

    private record Pending(long seq, String user, Instant expiresAt) {}

    FrontConnection(FrontServer server, FrontServer.Listener listener) {
        this.server = server;
        this.listener = listener;
    }

    FrontTarget target() {
        return listener.endpoint().target();
    }

    String substitutedUser() {
        return substitutedUser;
    }

    void close() {
        Channel c = client;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        client = ctx.channel();
        ServerlessTopology topology = listener.endpoint().topology();
        parser = new RequestParser(ctx.alloc(), this,
                name -> HELD.contains(name) || topology != null && ClusterReplies.answers(name),
                server.limits().maxBulkLength());
        listener.connections().add(this);
        dev.cachewarden.metrics.Metrics.frontConnectionOpened();
        connect(listener.upstreams(), 0);
    }

    /** Connects to the first of {@code upstreams} from {@code i} that answers (a reader's replicas, then the primary). */
    private void connect(List<java.net.SocketAddress> upstreams, int i) {
        Bootstrap b = new Bootstrap().group(client.eventLoop()).channel(NioDomainSocketChannel.class)
                .option(ChannelOption.AUTO_READ, true)
                .handler(new Upstream());
        b.connect(upstreams.get(i)).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                if (i + 1 < upstreams.size() && client.isActive()) {
                    log.debug("front {}: {} does not answer, trying the next node", listener.endpoint().port(),
                            upstreams.get(i));
                    connect(upstreams, i + 1);
                    return;
                }
                log.warn("front {}: cannot reach the node: {}", listener.endpoint().port(), f.cause().toString());
                client.close();
                return;
            }
            upstream = f.channel();
            if (!client.isActive()) {
                upstream.close();
                return;
            }
            early.forEach(buf -> upstream.write(buf, upstream.voidPromise()));
            early = null;
            upstream.flush();
            localReplyDue();
            if (protocolError == null && !deciding) {
                client.config().setAutoRead(true);
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        parser.feed((ByteBuf) msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (needsFlush && upstream != null) {
            needsFlush = false;
            upstream.flush();
            if (!upstream.isWritable()) {
                client.config().setAutoRead(false); // resumed when the node has taken what was sent
            }
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (client.isWritable() && upstream != null) {
            upstream.config().setAutoRead(true);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && parser.midCommand() && client.config().isAutoRead()) {
            log.info("front {}: closing a connection stalled in the middle of a command", listener.endpoint().port());
            client.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        listener.connections().remove(this);
        dev.cachewarden.metrics.Metrics.frontConnectionClosed();
        parser.release();
        if (early != null) {
            early.forEach(ByteBuf::release);
            early.clear();
        }
        for (Deferred d : deferred) {
            switch (d) {
                case Deferred.Forward f -> f.bytes().release();
                case Deferred.Held h -> h.raw().release();
                default -> { }
            }
        }
        deferred.clear();
        if (expiry != null) {
            expiry.cancel(false);
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("front {}: client connection failed: {}", listener.endpoint().port(), cause.toString());
        ctx.close();
    }

    // RequestParser.Sink

    /** What the parser produced while an AUTH was being decided, replayed in order once it is. */
    private sealed interface Deferred {
        record Forward(ByteBuf bytes) implements Deferred {}
        record Streamed(String name) implements Deferred {}
        record Held(List<byte[]> args, ByteBuf raw) implements Deferred {}
        record Error(String message) implements Deferred {}
    }

    private final java.util.ArrayDeque<Deferred> deferred = new java.util.ArrayDeque<>();
    /** An AUTH is with the authenticator (off the event loop: it may look things up). */
    private boolean deciding;
    /** A reply the front makes itself, waiting for the node's replies to the commands before it. */
    private String localReply;
    /** HELLO 3 was sent: the front's own replies use RESP3 maps. */
    private boolean resp3;

    @Override
    public void forward(ByteBuf bytes) {
        if (deciding) {
            deferred.add(new Deferred.Forward(bytes));
            return;
        }
        send(bytes);
    }

    private void send(ByteBuf bytes) {
        if (upstream == null) {
            early.add(bytes);
            return;
        }
        upstream.write(bytes, upstream.voidPromise());
        needsFlush = true;
    }

    @Override
    public void streamed(String name) {
        if (deciding) {
            deferred.add(new Deferred.Streamed(name));
            return;
        }
        sent++;
        switch (name) {
            case "MULTI" -> inMulti = true;
            case "EXEC", "DISCARD" -> inMulti = false;
            case "RESET" -> {
                inMulti = false;
                authenticatedAsOther();
            }
            default -> {
                if (UNCOUNTABLE.contains(name)) {
                    uncountable();
                }
            }
        }
    }

    @Override
    public void held(List<byte[]> args, ByteBuf raw) {
        if (deciding) {
            deferred.add(new Deferred.Held(args, raw));
            return;
        }
        String name = upper(args.get(0));
        if (name.equals("HELLO") && args.size() > 1) {
            resp3 = new String(args.get(1), StandardCharsets.ISO_8859_1).equals("3");
        }
        ServerlessTopology topology = listener.endpoint().topology();
        if (topology != null && ClusterReplies.answers(name)) {
            if (inMulti || uncountable) {
                forwardCommand(raw); // queued or refused by the node, in order with the rest
                return;
            }
            raw.release();
            boolean reader = target().kind() == EndpointKind.SERVERLESS_READER;
            answerLocally(ClusterReplies.answer(topology, reader, args, resp3));
            return;
        }
        if (name.equals("CLIENT")) {
            if (args.size() > 1 && upper(args.get(1)).equals("REPLY")) {
                uncountable(); // OFF and SKIP answer nothing
            }
            forwardCommand(raw);
            return;
        }
        Credentials credentials = Credentials.of(name, args);
        if (credentials == null) {
            forwardCommand(raw);
            return;
        }
        deciding = true;
        client.config().setAutoRead(false);
        server.authenticatorThreads().execute(() -> {
            ConnectionAuthenticator.Decision decision = decide(credentials);
            client.eventLoop().execute(() -> decided(credentials, raw, decision));
        });
    }

    /** Back on the event loop: the AUTH goes on as decided, then what came after it. */
    private void decided(Credentials credentials, ByteBuf raw, ConnectionAuthenticator.Decision decision) {
        deciding = false;
        if (!client.isActive()) {
            raw.release();
            return;
        }
        apply(credentials, raw, decision);
        resume();
    }

    /**
     * Answers a command the front handles itself once every earlier command's reply has gone to the
     * client; until then what follows it waits, as behind an AUTH being decided.
     */
    private void answerLocally(String reply) {
        if (received >= sent) {
            client.write(client.alloc().buffer(reply.length()).writeBytes(reply.getBytes(StandardCharsets.UTF_8)),
                    client.voidPromise());
            client.flush();
            return;
        }
        localReply = reply;
        deciding = true;
        client.config().setAutoRead(false);
    }

    /** After node replies went to the client: releases a local answer whose turn has come. */
    private void localReplyDue() {
        if (localReply != null && received >= sent) {
            String reply = localReply;
            localReply = null;
            deciding = false;
            answerLocally(reply);
            resume();
        }
    }

    /** Replays, in order, what arrived while an AUTH was decided or a local answer waited. */
    private void resume() {
        while (!deciding && !deferred.isEmpty()) {
            switch (deferred.poll()) {
                case Deferred.Forward f -> forward(f.bytes());
                case Deferred.Streamed st -> streamed(st.name());
                case Deferred.Held h -> held(h.args(), h.raw());
                case Deferred.Error e -> protocolError(e.message());
            }
        }
        if (upstream != null) {
            upstream.flush();
        }
        if (!deciding && protocolError == null && (upstream == null || upstream.isWritable())) {
            client.config().setAutoRead(true);
        }
    }

    private void apply(Credentials credentials, ByteBuf raw, ConnectionAuthenticator.Decision decision) {
        switch (decision) {
            case ConnectionAuthenticator.Decision.PassThrough p -> {
                if (!inMulti && !uncountable) {
                    pending.add(new Pending(sent + 1, null, null));
                }
                forwardCommand(raw);
            }
            case ConnectionAuthenticator.Decision.Substitute s -> {
                raw.release();
                if (inMulti || uncountable) {
                    // Inside MULTI the AUTH only runs at EXEC, and after pub/sub its answer cannot be
                    // told apart: the front could not start the connection's clock, so it refuses.
                    log.info("front {}: refused AUTH of {}: {}", listener.endpoint().port(), credentials.user(),
                            inMulti ? "token AUTH inside MULTI" : "token AUTH after SUBSCRIBE/MONITOR/CLIENT REPLY");
                    forwardCommand(credentials.refused(client.alloc()));
                    return;
                }
                pending.add(new Pending(sent + 1, s.username(), s.expiresAt()));
                forwardCommand(credentials.with(client.alloc(), s.username(), s.nodeSecret()));
            }
            case ConnectionAuthenticator.Decision.Refused r -> {
                raw.release();
                log.info("front {}: refused AUTH of {} on {}: {}", listener.endpoint().port(), credentials.user(),
                        target().cacheId(), r.reason());
                // The node answers, in order with earlier replies, exactly as for a wrong password.
                forwardCommand(credentials.refused(client.alloc()));
            }
        }
    }

    private ConnectionAuthenticator.Decision decide(Credentials credentials) {
        try {
            return server.authenticator().authenticate(target(), credentials.user(), credentials.password());
        } catch (RuntimeException e) {
            log.warn("front {}: the authenticator failed; refusing: {}", listener.endpoint().port(), e.toString());
            return new ConnectionAuthenticator.Decision.Refused("authenticator failed");
        }
    }

    private void forwardCommand(ByteBuf raw) {
        send(raw);
        sent++;
    }

    @Override
    public void protocolError(String message) {
        if (deciding) {
            deferred.add(new Deferred.Error(message));
            return;
        }
        protocolError = message;
        client.config().setAutoRead(false);
        finishIfAnswered();
    }

    /** Redis answers a protocol error after the earlier commands' replies, then closes. */
    private void finishIfAnswered() {
        if (protocolError != null && (uncountable || received >= sent)) {
            ByteBuf reply = client.alloc().buffer();
            reply.writeCharSequence("-ERR Protocol error: " + protocolError + "\r\n", StandardCharsets.UTF_8);
            protocolError = null;
            if (upstream != null) {
                upstream.flush();
            }
            client.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void uncountable() {
        uncountable = true;
        pending.clear();
    }

    private void replied(byte type) {
        received++;
        Pending p = pending.peek();
        if (p != null && p.seq() == received) {
            pending.poll();
            boolean ok = type != '-' && type != '!';
            if (ok && p.user() != null) {
                authenticatedBySubstitution(p.user(), p.expiresAt());
            } else if (ok) {
                authenticatedAsOther();
            }
        }
    }

    private void authenticatedBySubstitution(String user, Instant until) {
        substitutedUser = user;
        expiresAt = until;
        if (expiry != null) {
            expiry.cancel(false);
        }
        long delay = Math.max(0, until.toEpochMilli() - System.currentTimeMillis());
        expiry = client.eventLoop().schedule(this::expire, delay, TimeUnit.MILLISECONDS);
    }

    private void authenticatedAsOther() {
        substitutedUser = null;
        expiresAt = null;
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
    }

    private void expire() {
        if (expiresAt == null) {
            return;
        }
        long left = expiresAt.toEpochMilli() - System.currentTimeMillis();
        if (left > 0) {
            // The timer runs on the monotonic clock and may fire a hair before the wall clock's instant.
            expiry = client.eventLoop().schedule(this::expire, left, TimeUnit.MILLISECONDS);
            return;
        }
        log.info("front {}: closing the connection of {}: its authentication expired", listener.endpoint().port(),
                substitutedUser);
        client.close();
    }

    private static String upper(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1).toUpperCase(java.util.Locale.ROOT);
    }

    /** The node's side: replies go to the client as they come. */
    private final class Upstream extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            counter.scan(buf);
            client.write(buf, client.voidPromise());
            finishIfAnswered(); // after the replies it waited for are written
            localReplyDue();
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            client.flush();
            if (!client.isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable() && protocolError == null && !deciding && client.isActive()) {
                client.config().setAutoRead(true);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            client.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("front {}: node connection failed: {}", listener.endpoint().port(), cause.toString());
            ctx.close();
        }
    }
}
