package dev.cachewarden.front;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection through the front, the client's side: requests go up to the node as the
 * {@link RequestParser} finds them, on the client's own node connection or one shared with other
 * clients of its user ({@link NodeRoute}; {@link ClientState} says when it may), AUTH and HELLO … AUTH decided
 * first ({@link AuthInterception}; off the event loop when that needs a look-up) with what follows
 * them waiting in order;
 * replies come down untouched while a {@link ReplyCounter} tells which answers which command, so the
 * front knows when an AUTH it substituted succeeded, and when a reply it makes itself (serverless
 * CLUSTER commands, a protocol error) is due. Both channels share one event loop: no locks.
 */
final class FrontConnection extends ChannelInboundHandlerAdapter implements RequestParser.Sink {
    private static final Logger log = LoggerFactory.getLogger(FrontConnection.class);
    private final FrontServer server;
    private final FrontServer.Listener listener;
    private Channel client;
    /** Its own node connection, or a shared one. */
    private NodeRoute route;
    private AuthInterception auth;
    private RequestParser parser;
    private final ReplyCounter counter = new ReplyCounter(this::replied);
    private final ClientState state = new ClientState();

    /** Commands sent to the node, and whole replies received from it. */
    private long sent;
    private long received;
    private final Member member = new Member();
    /** Waiting for its replies on a node connection before sending on another. */
    private boolean draining;
    private String protocolError;

    FrontConnection(FrontServer server, FrontServer.Listener listener) {
        this.server = server;
        this.listener = listener;
    }

    FrontTarget target() {
        return listener.endpoint().target();
    }

    /** The user the front authenticated this connection as by substitution, or null (any thread). */
    String substitutedUser() {
        AuthInterception a = auth;
        return a == null ? null : a.substitutedUser();
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
                name -> ClientState.HELD.contains(name) || topology != null && ClusterReplies.answers(name),
                server.limits().maxBulkLength());
        auth = new AuthInterception(client, listener.endpoint().port(), target());
        UpstreamLink upstream = new UpstreamLink(client, listener.endpoint().port(), new Replies());
        route = new NodeRoute(client, upstream, member);
        listener.connections().add(this);
        dev.cachewarden.metrics.Metrics.frontConnectionOpened();
        upstream.connect(listener.upstreams(), 0);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        parser.feed((ByteBuf) msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!route.flush()) {
            client.config().setAutoRead(false); // resumed when the node has taken what was sent
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (client.isWritable()) {
            route.clientWritable();
            if (route.sharing()) {
                readAgain(); // a member stopped reading its client when it stopped reading replies
            }
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
        // The node connection may serve another client (after RESET) only if nothing is in flight on it.
        boolean clean = state.resetUndoesAll() && !waiting() && localReply == null
                && protocolError == null && deferred.isEmpty() && received == sent && !parser.midCommand();
        parser.release();
        for (Deferred d : deferred) {
            switch (d) {
                case Deferred.Forward f -> f.bytes().release();
                case Deferred.Batch b -> b.bytes().release();
                case Deferred.Held h -> h.raw().release();
                default -> { }
            }
        }
        deferred.clear();
        auth.cancel();
        route.closed(clean);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("front {}: client connection failed: {}", listener.endpoint().port(), cause.toString());
        ctx.close();
    }

    // RequestParser.Sink

    /** What the parser produced while an AUTH was being decided, replayed in order once it is. */
    private sealed interface Deferred {
        record Forward(ByteBuf bytes, boolean whole) implements Deferred {}
        /** Bytes already counted ({@link #streamed}), waiting for replies due on another node connection. */
        record Batch(ByteBuf bytes, int count, boolean shareable) implements Deferred {}
        record Streamed(String name) implements Deferred {}
        record Held(List<byte[]> args, ByteBuf raw) implements Deferred {}
        record Error(String message) implements Deferred {}
    }

    private final java.util.ArrayDeque<Deferred> deferred = new java.util.ArrayDeque<>();
    /** An AUTH is with the authenticator (off the event loop: it may look things up). */
    private boolean deciding;
    /** A reply the front makes itself, waiting for the node's replies to the commands before it. */
    private String localReply;
    @Override
    public void forward(ByteBuf bytes, boolean whole) {
        if (waiting()) {
            deferred.add(new Deferred.Forward(bytes, whole));
            return;
        }
        ClientState.Batch batch = state.handedOn(whole);
        route(bytes, batch.count(), batch.shareable());
    }

    /** Sends {@code count} commands' bytes ({@link NodeRoute}); they wait if replies are due elsewhere first. */
    private void route(ByteBuf bytes, int count, boolean shareable) {
        // The user the node knows this connection as, when nothing else ties it to its own connection.
        String joinAs = SharedUpstream.ENABLED && state.plain() && localReply == null && protocolError == null
                && auth.settled() ? auth.identity() : null;
        if (route.send(bytes, count, shareable, joinAs, received) == NodeRoute.Outcome.WAIT) {
            hold(new Deferred.Batch(bytes, count, shareable));
        }
    }

    /** Waits for this connection's replies due on a node connection before going on (parsing included). */
    private void hold(Deferred next) {
        draining = true;
        deferred.addFirst(next);
        client.config().setAutoRead(false);
    }

    private boolean waiting() {
        return deciding || draining;
    }

    @Override
    public void streamed(String name) {
        if (waiting()) {
            deferred.add(new Deferred.Streamed(name));
            return;
        }
        sent++;
        switch (state.streamed(name)) {
            case RESET -> auth.authenticatedAsOther();
            case UNCOUNTABLE -> auth.forgetPending();
            case NONE -> { }
        }
    }

    @Override
    public void held(List<byte[]> args, ByteBuf raw) {
        if (waiting()) {
            deferred.add(new Deferred.Held(args, raw));
            return;
        }
        String name = ClientState.upper(args.get(0));
        ServerlessTopology topology = listener.endpoint().topology();
        if (topology != null && ClusterReplies.answers(name) && !state.inMulti() && !state.uncountable()) {
            raw.release();
            boolean reader = target().kind() == EndpointKind.SERVERLESS_READER;
            answerLocally(ClusterReplies.answer(topology, reader, args, state.resp3()));
            return;
        }
        // AUTH, HELLO, CLIENT: on a node connection of its own, after what it sent before.
        switch (route.own(received)) {
            case WAIT -> {
                hold(new Deferred.Held(args, raw));
                return;
            }
            case CLOSED -> {
                raw.release();
                return;
            }
            case SENT -> { }
        }
        if (state.held(name, args) == ClientState.Change.UNCOUNTABLE) {
            auth.forgetPending();
        }
        if (name.equals("CLIENT") || topology != null && ClusterReplies.answers(name)) {
            forwardCommand(raw); // a CLUSTER command in MULTI or after SUBSCRIBE: queued or refused by the node
            return;
        }
        Credentials credentials = Credentials.of(name, args);
        if (credentials == null) {
            forwardCommand(raw);
            return;
        }
        ConnectionAuthenticator.Decision now = auth.decideNow(server.authenticator(), credentials);
        if (now != null) {
            forwardCommand(auth.commandFor(credentials, raw, now, sent + 1, state.inMulti(), state.uncountable()));
            return;
        }
        deciding = true;
        client.config().setAutoRead(false);
        server.authenticatorThreads().execute(() -> {
            ConnectionAuthenticator.Decision decision = auth.decide(server.authenticator(), credentials);
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
        forwardCommand(auth.commandFor(credentials, raw, decision, sent + 1, state.inMulti(), state.uncountable()));
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
        while (!waiting() && !deferred.isEmpty()) {
            switch (deferred.poll()) {
                case Deferred.Forward f -> forward(f.bytes(), f.whole());
                case Deferred.Batch b -> route(b.bytes(), b.count(), b.shareable());
                case Deferred.Streamed st -> streamed(st.name());
                case Deferred.Held h -> held(h.args(), h.raw());
                case Deferred.Error e -> protocolError(e.message());
            }
        }
        route.flush();
        readAgain();
    }

    /**
     * Reads the client again unless something holds it: an AUTH being decided or replies due elsewhere,
     * a protocol error being answered, a node side that takes no more, or (sharing) a client that does
     * not read its replies.
     */
    private void readAgain() {
        if (!waiting() && protocolError == null && client.isActive() && route.writable()
                && (!route.sharing() || client.isWritable())) {
            client.config().setAutoRead(true);
        }
    }

    private void forwardCommand(ByteBuf raw) {
        route.sendOwn(raw);
        sent++;
    }

    @Override
    public void protocolError(String message) {
        if (waiting()) {
            deferred.add(new Deferred.Error(message));
            return;
        }
        protocolError = message;
        client.config().setAutoRead(false);
        finishIfAnswered();
    }

    /** Redis answers a protocol error after the earlier commands' replies, then closes. */
    private void finishIfAnswered() {
        if (protocolError != null && (state.uncountable() || received >= sent)) {
            ByteBuf reply = client.alloc().buffer();
            reply.writeCharSequence("-ERR Protocol error: " + protocolError + "\r\n", StandardCharsets.UTF_8);
            protocolError = null;
            route.flush();
            client.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void replied(byte type) {
        received++;
        auth.replied(received, type);
    }

    /** The node's side: replies go to the client as they come. */
    private final class Replies implements UpstreamLink.Replies {
        @Override
        public void connected() {
            localReplyDue();
            readAgain();
        }

        @Override
        public void read(ByteBuf buf) {
            counter.scan(buf);
            client.write(buf, client.voidPromise());
            finishIfAnswered(); // after the replies it waited for are written
            localReplyDue();
        }

        @Override
        public void readComplete(Channel node) {
            client.flush();
            if (!client.isWritable()) {
                node.config().setAutoRead(false);
            }
        }

        @Override
        public void writable() {
            readAgain();
        }
    }

    /** This connection as a member of a {@link SharedUpstream}: its replies come from a {@link Carrier}. */
    private final class Member extends SharedUpstream.Member {
        @Override
        Channel client() {
            return client;
        }

        @Override
        void replied(byte type) {
            FrontConnection.this.replied(type);
        }

        @Override
        void afterRead() {
            if (draining && route.answered(received)) {
                draining = false;
                resume();
            }
            finishIfAnswered();
            localReplyDue();
            if (!client.isWritable()) {
                client.config().setAutoRead(false); // resumed by channelWritabilityChanged
            }
        }

        @Override
        void carrierWritable() {
            readAgain();
        }
    }
}
