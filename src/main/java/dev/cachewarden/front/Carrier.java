package dev.cachewarden.front;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node connection while it carries the commands of a {@link SharedUpstream}'s members: it keeps, in
 * order, whose commands it sent and how many, and cuts the node's replies back along those lines (a
 * {@link ReplyCounter} tells where each reply ends; the bytes are sliced, not copied). What members
 * write in one turn of the event loop goes to the node in one flush per {@link #FLUSH_BYTES}. Once a
 * member that left took it
 * ({@link #handOffTo}), the replies still due to others are handed out first, then the connection is
 * that member's own.
 */
final class Carrier implements ReplyCounter.Listener {
    private static final Logger log = LoggerFactory.getLogger(Carrier.class);

    /** A member's commands sent in a row, and how many of their replies are still due. */
    private static final class Due {
        final SharedUpstream.Member member;
        long left;

        Due(SharedUpstream.Member member, long left) {
            this.member = member;
            this.left = left;
        }
    }

    /**
     * Once this much is written and not yet flushed, it goes out before the loop's turn ends: the node
     * then works on the first clients' commands while the front still reads the next ones.
     */
    static final int FLUSH_BYTES = Integer.getInteger("cachewarden.front.sharedFlushBytes", 16 * 1024);
    /**
     * A member whose replies to one send were cut at the end of a read is not flushed until they go on,
     * up to this much: its client then gets the replies to commands it sent together in one write (one
     * TLS record, one wake-up), as from a node, not in two where the node's replies were cut. The rest
     * is certain to come: the node has the commands, and no blocking one is shared.
     */
    static final int HOLD_BYTES = 16 * 1024;

    final UpstreamLink.NodeHandler handler;
    private final SharedUpstream shared;
    private final ArrayDeque<Due> due = new ArrayDeque<>();
    private final ReplyCounter counter = new ReplyCounter(this);
    private final List<SharedUpstream.Member> touched = new ArrayList<>();
    private final List<SharedUpstream.Member> paused = new ArrayList<>();
    private final Runnable flush = this::flushNow;
    private boolean flushScheduled;
    private int unflushed;
    /** The link of the member that left with this connection; it gets it once nothing else is due. */
    private UpstreamLink successor;
    /** That member closed before: the connection closes once nothing is due. */
    private boolean orphaned;
    /** The buffer being read, and where the reply being cut begins in it. */
    private ByteBuf reading;
    private int pieceStart;
    private boolean unexpected;
    /** The member whose replies the read under way ends in the middle of, if any. */
    private SharedUpstream.Member cut;
    /**
     * A member whose client stopped reading: this connection is not read until it does (the node holds
     * the rest, as it would for that client alone), and no longer takes new commands.
     */
    private SharedUpstream.Member stalledOn;

    Carrier(UpstreamLink.NodeHandler handler, SharedUpstream shared) {
        this.handler = handler;
        this.shared = shared;
        handler.channel().config().setAutoRead(true); // its client may have paused it before giving it
    }

    Channel channel() {
        return handler.channel();
    }

    /**
     * Sends {@code count} whole commands of {@code member}; the node sees them at the end of this loop
     * turn. Each send is a Due of its own, even after the same member's: a reply held back for the rest
     * of its Due ({@link #HOLD_BYTES}) then waits only for commands that came with it, as a node answers
     * the commands of one read together, never for a slow command the client sent later.
     */
    void send(SharedUpstream.Member member, ByteBuf bytes, int count) {
        due.add(new Due(member, count));
        member.last = this;
        Channel ch = channel();
        unflushed += bytes.readableBytes();
        ch.write(bytes, ch.voidPromise());
        if (unflushed >= FLUSH_BYTES) {
            unflushed = 0;
            ch.flush();
        } else if (!flushScheduled) {
            flushScheduled = true;
            ch.eventLoop().execute(flush); // after every ready client was read: one write for all
        }
    }

    private void flushNow() {
        flushScheduled = false;
        unflushed = 0;
        channel().flush();
    }

    /** A member stops reading its client until this connection takes writes again. */
    void pause(SharedUpstream.Member member) {
        if (!paused.contains(member)) {
            paused.add(member);
        }
    }

    void writable() {
        List<SharedUpstream.Member> waiting = new ArrayList<>(paused);
        paused.clear();
        waiting.forEach(SharedUpstream.Member::carrierWritable);
    }

    /** {@code member}'s client takes writes again: if this connection waited for it, it is read again. */
    void clientWritable(SharedUpstream.Member member) {
        if (stalledOn == member) {
            stalledOn = null;
            channel().config().setAutoRead(true);
        }
    }

    /** {@code link} (a member that left) takes this connection, after the replies due to others. */
    void handOffTo(UpstreamLink link) {
        successor = link;
        if (due.isEmpty()) {
            handOff(null);
        }
    }

    /** The member that took this connection closed first: it closes once the replies due are handed out. */
    void successorGone() {
        successor = null;
        orphaned = true;
        if (due.isEmpty()) {
            handler.carrier = null;
            channel().close();
        }
    }

    /** Replies from the node: each member's cut out and written to its client, then flushed. */
    void read(ByteBuf buf) {
        reading = buf;
        pieceStart = buf.readerIndex();
        int end = buf.writerIndex();
        if (!due.isEmpty()) {
            counter.scan(buf);
        }
        if (unexpected) {
            pieceStart = end;
        }
        if (pieceStart < end) {
            ByteBuf rest = buf.retainedSlice(pieceStart, end - pieceStart);
            Due head = due.peek();
            if (head != null) {
                deliver(head.member, rest); // the head's next reply, begun
                cut = head.member;
            } else if (successor != null) {
                handOff(rest);
            } else {
                rest.release();
                unexpected = true;
            }
        } else if (due.isEmpty() && (successor != null || orphaned)) {
            handOff(null);
        }
        reading = null;
        buf.release();
        for (int i = 0; i < touched.size(); i++) {
            SharedUpstream.Member m = touched.get(i);
            m.touched = false;
            if (m != cut || m.held >= HOLD_BYTES) {
                m.held = 0;
                m.client().flush();
            }
        }
        cut = null;
        for (int i = 0; i < touched.size(); i++) {
            SharedUpstream.Member m = touched.get(i);
            if (stalledOn == null && !m.client().isWritable() && !due.isEmpty() && due.peek().member == m) {
                // Its replies would pile up here: the node keeps them until the client reads. Members
                // with commands queued behind it wait as long; the others go on on another connection.
                stalledOn = m;
                channel().config().setAutoRead(false);
                shared.retire(this);
            }
        }
        for (int i = 0; i < touched.size(); i++) {
            touched.get(i).afterRead();
        }
        touched.clear();
        if (due.isEmpty() && successor == null && !orphaned && handler.carrier == this && shared.current() != this) {
            shared.rejoin(this); // a retired carrier with nothing due is an idle connection again
        }
        if (unexpected) {
            log.warn("front: a shared node connection sent a reply no command awaited; closing it");
            channel().close();
        }
    }

    @Override
    public void reply(byte type) {
        Due head = due.peek();
        if (head == null) {
            unexpected = true;
            counter.stop();
            return;
        }
        head.member.replied(type);
        if (--head.left == 0) {
            int end = counter.replyEnd();
            deliver(head.member, reading.retainedSlice(pieceStart, end - pieceStart));
            pieceStart = end;
            due.poll();
            if (due.isEmpty() && (successor != null || orphaned)) {
                counter.stop(); // what follows is the successor's
            }
        }
    }

    private void deliver(SharedUpstream.Member member, ByteBuf piece) {
        Channel client = member.client();
        if (!client.isActive()) {
            piece.release();
            return;
        }
        member.held += piece.readableBytes();
        client.write(piece, client.voidPromise());
        if (!member.touched) {
            member.touched = true;
            touched.add(member);
        }
    }

    /** Nothing is due to others any more: the connection is the successor's from here, with {@code rest}. */
    private void handOff(ByteBuf rest) {
        handler.carrier = null;
        if (orphaned || successor == null) {
            if (rest != null) {
                rest.release();
            }
            channel().close();
            return;
        }
        UpstreamLink link = successor;
        successor = null;
        if (rest != null) {
            link.replies().read(rest);
            link.replies().readComplete(channel());
        }
    }

    /** The node closed the connection: the members with replies due lose them, and their connections. */
    void lost() {
        List<SharedUpstream.Member> owed = new ArrayList<>();
        for (Due d : due) {
            if (!owed.contains(d.member)) {
                owed.add(d.member);
            }
        }
        due.clear();
        owed.forEach(SharedUpstream.Member::lost);
        shared.carrierLost(this);
    }
}
