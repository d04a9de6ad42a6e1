package dev.cachewarden.front;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection through the front, the client's side: requests go up to the node
 * ({@link UpstreamLink}) as the {@link RequestParser} finds them, AUTH and HELLO … AUTH decided
 * first ({@link AuthInterception}; off the event loop when that needs a look-up) with what follows
 * them waiting in order;
 * replies come down untouched while a {@link ReplyCounter} tells which answers which command, so the
 * front knows when an AUTH it substituted succeeded, and when a reply it makes itself (serverless
 * CLUSTER commands, a protocol error) is due. Both channels share one event loop: no locks.
 */
final class FrontConnection extends ChannelInboundHandlerAdapter implements RequestParser.Sink {
    private static final Logger log = LoggerFactory.getLogger(FrontConnection.class);
    /** Commands held whole so their arguments can be read. */
    private static final Set<String> HELD = Set.of("AUTH", "HELLO", "CLIENT");
    /** Commands after which replies no longer match commands one to one (pub/sub, MONITOR…). */
    private static final Set<String> UNCOUNTABLE = Set.of("SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "UNSUBSCRIBE",
            "PUNSUBSCRIBE", "SUNSUBSCRIBE", "MONITOR", "SYNC", "PSYNC");

    /**
     * Commands after which the connection differs from a new one authenticated as the same user (its
     * database, transaction, mode, protocol…), or that end it: it never shares a node connection again.
     * CLIENT and HELLO are held, and count too.
     */
    private static final Set<String> STATEFUL = Set.of("SELECT", "MULTI", "EXEC", "DISCARD", "WATCH", "UNWATCH",
            "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE", "MONITOR", "SYNC",
            "PSYNC", "REPLCONF", "READONLY", "READWRITE", "ASKING", "RESET", "QUIT", "SCRIPT", "", "CLIENT", "HELLO");
    /** Commands that may wait for others: sent on a node connection of the client's own, never a shared one. */
    private static final Set<String> BLOCKING = Set.of("BLPOP", "BRPOP", "BRPOPLPUSH", "BLMOVE", "BLMPOP",
            "BZPOPMIN", "BZPOPMAX", "BZMPOP", "XREAD", "XREADGROUP", "WAIT", "WAITAOF");

    private final FrontServer server;
    private final FrontServer.Listener listener;
    private Channel client;
    private UpstreamLink upstream;
    private AuthInterception auth;
    private RequestParser parser;
    private final ReplyCounter counter = new ReplyCounter(this::replied);

    /** Commands sent to the node, and whole replies received from it. */
    private long sent;
    private long received;
    /** Commands written to a node connection (its own or a shared one); {@code received} counts against it. */
    private long written;
    /** The sharing this connection's commands go through while it is a member; null otherwise. */
    private SharedUpstream shared;
    private final Member member = new Member();
    /** A {@link #STATEFUL} command was sent: this connection keeps a node connection of its own. */
    private boolean stateful;
    /** Waiting for its replies on a node connection before sending on another. */
    private boolean draining;
    /** The commands streamed since bytes were last handed on, and whether all of them may share. */
    private int batchCount;
    private boolean batchShareable = true;
    /** The last bytes handed on ended inside a command: the rest goes on the same connection. */
    private boolean splitCommand;
    /** Replies can no longer be matched to commands; substitutions are then refused. */
    private boolean uncountable;
    private boolean inMulti;
    private String protocolError;
    /** A CLIENT subcommand RESET may not fully undo (TRACKING's redirect, KILL…): the node connection is not kept. */
    private boolean keepNode = true;
    /**
     * CLIENT subcommands whose effect RESET undoes, or that have none on the connection. Not SETINFO: RESET
     * keeps lib-name and lib-ver, which the next client would then see as its own (CLIENT INFO).
     */
    private static final Set<String> CLIENT_RESET_UNDOES = Set.of("SETNAME", "GETNAME", "ID", "INFO", "NO-EVICT",
            "NO-TOUCH");

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
                name -> HELD.contains(name) || topology != null && ClusterReplies.answers(name),
                server.limits().maxBulkLength());
        auth = new AuthInterception(client, listener.endpoint().port(), target());
        upstream = new UpstreamLink(client, listener.endpoint().port(), new Replies());
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
        if (shared != null) {
            if (!shared.writable()) {
                client.config().setAutoRead(false); // resumed when the shared connection takes writes again
                shared.current().pause(member);
            }
            return; // the shared connection is flushed once for all its members, after this loop turn's reads
        }
        if (!upstream.flushIfNeeded()) {
            client.config().setAutoRead(false); // resumed when the node has taken what was sent
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (client.isWritable()) {
            upstream.autoRead(true);
            if (member.last != null) {
                member.last.clientWritable(member);
            }
            if (shared != null && !waiting() && protocolError == null && shared.writable()) {
                client.config().setAutoRead(true);
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
        if (shared != null) {
            shared.memberClosed(member);
            shared = null;
        }
        // The node connection may serve another client (after RESET) only if nothing is in flight on it.
        boolean clean = keepNode && !uncountable && !inMulti && !waiting() && localReply == null
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
        upstream.close(clean);
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
    /** HELLO 3 was sent: the front's own replies use RESP3 maps. */
    private boolean resp3;
    /**
     * The last streamed name that changes no state here (GET, SET…): a pipelined client repeats it, and
     * the same instance skips the switch and set look-up per command (a few % of the event loop).
     */
    private String plainName;

    @Override
    public void forward(ByteBuf bytes, boolean whole) {
        if (waiting()) {
            deferred.add(new Deferred.Forward(bytes, whole));
            return;
        }
        int count = batchCount;
        boolean shareable = batchShareable && whole && !splitCommand && count > 0;
        batchCount = 0;
        batchShareable = true;
        splitCommand = !whole;
        route(bytes, count, shareable);
    }

    /**
     * Sends {@code count} commands' bytes: on the shared node connection when they may all go there
     * (joining it if this connection may), else on its own.
     */
    private void route(ByteBuf bytes, int count, boolean shareable) {
        if (shared == null && shareable && mayJoin()) {
            shared = SharedUpstream.of(upstream.node(), auth.identity());
            shared.join(member, upstream.donate());
        }
        if (shared != null) {
            if (!mayMove()) {
                hold(new Deferred.Batch(bytes, count, shareable));
                return;
            }
            if (shareable) {
                Carrier carrier = shared.carrier();
                if (carrier == null) {
                    bytes.release(); // every connection of its user was closed by the node: so is this one
                    client.close();
                    return;
                }
                carrier.send(member, bytes, count);
                written += count;
                dev.cachewarden.metrics.Metrics.frontSharedCommands(count);
                return;
            }
            if (!leaveShared()) {
                bytes.release();
                return;
            }
        }
        upstream.send(bytes);
        written += count;
    }

    /** Whether nothing ties this connection's commands to one node connection: it may share one now. */
    private boolean mayJoin() {
        return SharedUpstream.ENABLED && !stateful && keepNode && !uncountable && !inMulti && localReply == null
                && protocolError == null && written == received && auth.settled() && upstream.ownsConnection();
    }

    /** A member may send on the carrier, or leave, once no reply of its is due on another connection. */
    private boolean mayMove() {
        return written == received || member.last == shared.current();
    }

    /** Leaves the sharing with a node connection of its own; false (the client closed) when none is left. */
    private boolean leaveShared() {
        SocketAddress node = shared.node();
        UpstreamLink.NodeHandler own = shared.leave(member);
        shared = null;
        if (own == null) {
            client.close();
            return false;
        }
        upstream.adopt(own, node);
        return true;
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
        batchCount++;
        if (name == plainName) {
            return; // the same name as the last plain command (the parser hands on one instance per name)
        }
        if (STATEFUL.contains(name)) {
            stateful = true;
            batchShareable = false;
        } else if (BLOCKING.contains(name)) {
            batchShareable = false;
        }
        switch (name) {
            case "MULTI" -> inMulti = true;
            case "EXEC", "DISCARD" -> inMulti = false;
            case "RESET" -> {
                inMulti = false;
                auth.authenticatedAsOther();
            }
            default -> {
                if (UNCOUNTABLE.contains(name)) {
                    uncountable();
                } else if (batchShareable) {
                    plainName = name;
                }
            }
        }
    }

    @Override
    public void held(List<byte[]> args, ByteBuf raw) {
        if (waiting()) {
            deferred.add(new Deferred.Held(args, raw));
            return;
        }
        String name = upper(args.get(0));
        ServerlessTopology topology = listener.endpoint().topology();
        boolean local = topology != null && ClusterReplies.answers(name) && !inMulti && !uncountable;
        if (shared != null && !local) {
            // AUTH, HELLO, CLIENT: on a node connection of its own, after what it sent before.
            if (!mayMove()) {
                hold(new Deferred.Held(args, raw));
                return;
            }
            if (!leaveShared()) {
                raw.release();
                return;
            }
        }
        if (!local && STATEFUL.contains(name)) {
            stateful = true;
        }
        if (name.equals("HELLO") && args.size() > 1) {
            resp3 = new String(args.get(1), StandardCharsets.ISO_8859_1).equals("3");
        }
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
            keepNode &= args.size() > 1 && CLIENT_RESET_UNDOES.contains(upper(args.get(1)));
            forwardCommand(raw);
            return;
        }
        Credentials credentials = Credentials.of(name, args);
        if (credentials == null) {
            forwardCommand(raw);
            return;
        }
        ConnectionAuthenticator.Decision now = auth.decideNow(server.authenticator(), credentials);
        if (now != null) {
            forwardCommand(auth.commandFor(credentials, raw, now, sent + 1, inMulti, uncountable));
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
        forwardCommand(auth.commandFor(credentials, raw, decision, sent + 1, inMulti, uncountable));
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
        upstream.flush();
        boolean nodeWritable = shared != null ? shared.writable() : upstream.writable();
        if (!waiting() && protocolError == null && nodeWritable) {
            client.config().setAutoRead(true);
        }
    }

    private void forwardCommand(ByteBuf raw) {
        upstream.send(raw);
        sent++;
        written++;
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
        if (protocolError != null && (uncountable || received >= sent)) {
            ByteBuf reply = client.alloc().buffer();
            reply.writeCharSequence("-ERR Protocol error: " + protocolError + "\r\n", StandardCharsets.UTF_8);
            protocolError = null;
            upstream.flush();
            client.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void uncountable() {
        uncountable = true;
        auth.forgetPending();
    }

    private void replied(byte type) {
        received++;
        auth.replied(received, type);
    }

    private static String upper(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1).toUpperCase(java.util.Locale.ROOT);
    }

    /** The node's side: replies go to the client as they come. */
    private final class Replies implements UpstreamLink.Replies {
        @Override
        public void connected() {
            localReplyDue();
            if (protocolError == null && !waiting()) {
                client.config().setAutoRead(true);
            }
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
            if (protocolError == null && !waiting() && client.isActive()) {
                client.config().setAutoRead(true);
            }
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
            if (draining && written == received) {
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
            if (!waiting() && protocolError == null && client.isActive() && client.isWritable()) {
                client.config().setAutoRead(true);
            }
        }
    }
}
