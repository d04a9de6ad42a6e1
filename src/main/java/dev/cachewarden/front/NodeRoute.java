package dev.cachewarden.front;

import dev.cachewarden.metrics.Metrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.net.SocketAddress;

/**
 * Where one client connection's commands go on the node: its own node connection
 * ({@link UpstreamLink}), or, while it is a member of a {@link SharedUpstream}, the carrier it shares
 * with other clients of its user. It counts the commands it wrote, so that a client never has
 * commands in flight on two node connections at once (their order would be lost). On the client's
 * event loop only.
 */
final class NodeRoute {
    /** What became of what was to be sent. */
    enum Outcome {
        SENT,
        /** Replies are due on another node connection first: the caller keeps the bytes and waits. */
        WAIT,
        /** No node connection is left for it: the client was closed. */
        CLOSED
    }

    private final Channel client;
    private final UpstreamLink upstream;
    private final SharedUpstream.Member member;
    /** The sharing this connection's commands go through while it is a member; null otherwise. */
    private SharedUpstream shared;
    /** Commands written to a node connection (its own or a shared one). */
    private long written;

    NodeRoute(Channel client, UpstreamLink upstream, SharedUpstream.Member member) {
        this.client = client;
        this.upstream = upstream;
        this.member = member;
    }

    boolean sharing() {
        return shared != null;
    }

    /** Whether every command written was answered ({@code received} replies so far). */
    boolean answered(long received) {
        return written == received;
    }

    /**
     * Sends {@code count} whole or partial commands: on the shared node connection when they may all
     * go there ({@code shareable}), joining the sharing of {@code joinAs} (the user the node knows the
     * connection as; null: it may not join now) once everything it sent before was answered; else on
     * its own connection, leaving the sharing first.
     */
    Outcome send(ByteBuf bytes, int count, boolean shareable, String joinAs, long received) {
        if (shared == null && shareable && joinAs != null && written == received && upstream.ownsConnection()) {
            shared = SharedUpstream.of(upstream.node(), joinAs);
            shared.join(member, upstream.donate());
        }
        if (shared != null) {
            if (!mayMove(received)) {
                return Outcome.WAIT;
            }
            if (shareable) {
                Carrier carrier = shared.carrier();
                if (carrier == null) {
                    bytes.release(); // every connection of its user was closed by the node: so is this one
                    client.close();
                    return Outcome.CLOSED;
                }
                carrier.send(member, bytes, count);
                written += count;
                Metrics.frontSharedCommands(count);
                return Outcome.SENT;
            }
            if (!leave()) {
                bytes.release();
                return Outcome.CLOSED;
            }
        }
        upstream.send(bytes);
        written += count;
        return Outcome.SENT;
    }

    /** Before a command that needs the connection to itself (AUTH, HELLO, CLIENT): leaves the sharing. */
    Outcome own(long received) {
        if (shared == null) {
            return Outcome.SENT;
        }
        if (!mayMove(received)) {
            return Outcome.WAIT;
        }
        return leave() ? Outcome.SENT : Outcome.CLOSED;
    }

    /** One command on its own connection (after {@link #own}). */
    void sendOwn(ByteBuf command) {
        upstream.send(command);
        written++;
    }

    /** A member may send on the carrier, or leave, once no reply of its is due on another connection. */
    private boolean mayMove(long received) {
        return written == received || member.last == shared.current();
    }

    /** Leaves the sharing with a node connection of its own; false (the client closed) when none is left. */
    private boolean leave() {
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

    /** Whether the node side takes more now: the client may be read. */
    boolean writable() {
        return shared != null ? shared.writable() : upstream.writable();
    }

    /**
     * The client's read batch ended: what was sent on its own connection goes out (a carrier is flushed
     * for all its members at once). @return false when the node side takes no more for now
     */
    boolean flush() {
        if (shared == null) {
            return upstream.flushIfNeeded();
        }
        if (!shared.writable()) {
            shared.current().pause(member); // tells the member when it takes writes again
            return false;
        }
        return true;
    }

    /** The client takes writes again: the node side may be read again. */
    void clientWritable() {
        upstream.autoRead(true);
        if (member.last != null) {
            member.last.clientWritable(member);
        }
    }

    /** The client closed; {@code clean}: its own node connection may serve another client. */
    void closed(boolean clean) {
        if (shared != null) {
            shared.memberClosed(member);
            shared = null;
        }
        upstream.close(clean);
    }
}
