package dev.cachewarden.front;

import io.netty.channel.Channel;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The node connections of the client connections that are authenticated as one user on one node and
 * have changed nothing else on their connection (RESP2, database 0, no transaction, no subscription,
 * no name: {@link ClientState#plain}), on one event loop. Their commands go together on one of those
 * connections, the {@link Carrier}, and the node's replies are cut back to each client in order: a
 * pipelining client's batch then costs the node and the front a share of one read and one write
 * instead of a read and a write each (the system calls were most of a relayed request's cost on this
 * hypervisor: docs/bench.md). Such connections are interchangeable for these commands: the node
 * checks each command against the user, and nothing else of the connection is involved.
 *
 * <p>Each member gives its own node connection on joining ({@link #join}); the carrier is one of
 * them, the others wait idle. A member leaving (it sends something else: a blocking command, AUTH,
 * SELECT…) takes a connection back ({@link #leave}): the carrier itself when its last commands went
 * there (they stay in order ahead of what follows, and WAIT counts the writes they made), else an
 * idle one. A client's commands are never on two node connections at once: a member whose replies
 * are still due on a connection that is no longer the carrier waits for them first. On the loop's
 * thread only: no locks.
 */
final class SharedUpstream {
    /** {@code -Dcachewarden.front.shareNodeConnections=false}: every client keeps its own node connection. */
    static final boolean ENABLED =
            Boolean.parseBoolean(System.getProperty("cachewarden.front.shareNodeConnections", "true"));

    private record Key(SocketAddress node, String identity) {}

    private static final FastThreadLocal<Map<Key, SharedUpstream>> LOOP = new FastThreadLocal<>() {
        @Override
        protected Map<Key, SharedUpstream> initialValue() {
            return new HashMap<>();
        }
    };

    /** A client connection that sends on a carrier: what a carrier needs to hand its replies back. */
    abstract static class Member {
        /** The carrier its last shared commands went on; null before any. */
        Carrier last;
        /** Replies were written to its client during the carrier's read under way. */
        boolean touched;
        /** Bytes written to its client and not flushed, held until its cut reply goes on. */
        int held;

        abstract Channel client();

        /** A whole reply to one of its commands came on a carrier. */
        abstract void replied(byte type);

        /** A carrier's read delivered replies to it, now flushed: it may go on if it waited for them. */
        abstract void afterRead();

        /** The carrier writes again, after it paused on it. */
        abstract void carrierWritable();

        /** Its replies are lost (the node connection closed): the client is closed, as by the node. */
        void lost() {
            client().close();
        }
    }

    private final Key key;
    private final Map<Key, SharedUpstream> registry;
    private final Set<Member> members = new HashSet<>();
    private final ArrayDeque<UpstreamLink.NodeHandler> idle = new ArrayDeque<>();
    private Carrier current;
    /** Carriers that stopped taking commands (a member's client stopped reading) with replies still due. */
    private final List<Carrier> retired = new ArrayList<>();

    private SharedUpstream(Key key, Map<Key, SharedUpstream> registry) {
        this.key = key;
        this.registry = registry;
    }

    /** The calling event loop's sharing for {@code identity} (the user, as the node knows it) on {@code node}. */
    static SharedUpstream of(SocketAddress node, String identity) {
        Map<Key, SharedUpstream> registry = LOOP.get();
        return registry.computeIfAbsent(new Key(node, identity), k -> new SharedUpstream(k, registry));
    }

    /** {@code member} joins with its own node connection, idle (every command answered). */
    void join(Member member, UpstreamLink.NodeHandler own) {
        members.add(member);
        own.idleIn = this;
        idle.add(own);
    }

    /** Where a member sends now: the carrier, made from an idle connection if there is none; null if none is left. */
    Carrier carrier() {
        if (current == null) {
            UpstreamLink.NodeHandler h = pollIdle();
            if (h != null) {
                current = new Carrier(h, this);
                h.carrier = current;
            }
        }
        return current;
    }

    Carrier current() {
        return current;
    }

    SocketAddress node() {
        return key.node();
    }

    /** Whether the carrier takes more now (a member stops reading its client until it does). */
    boolean writable() {
        return current == null || current.channel().isWritable();
    }

    /**
     * {@code member} leaves with a node connection of its own: the carrier if its last commands went
     * there (what is queued on it ahead of them is handed back first: {@link Carrier#handOffTo}) or no
     * idle one is left, else an idle one; null when none is left at all.
     */
    UpstreamLink.NodeHandler leave(Member member) {
        members.remove(member);
        UpstreamLink.NodeHandler taken;
        if (current != null && (member.last == current || idle.isEmpty())) {
            taken = current.handler;
            current = null;
        } else {
            taken = pollIdle();
        }
        member.last = null;
        if (members.isEmpty()) {
            dissolve();
        }
        return taken;
    }

    /** {@code c} takes no new commands (the next ones go on another connection); its replies due still come. */
    void retire(Carrier c) {
        if (current == c) {
            current = null;
            retired.add(c);
        }
    }

    /** A retired carrier with nothing due: an idle connection again. */
    void rejoin(Carrier c) {
        retired.remove(c);
        c.handler.carrier = null;
        c.channel().config().setAutoRead(true);
        c.handler.idleIn = this;
        idle.add(c.handler);
    }

    /** A member's client closed: its replies still due are dropped; a connection goes with it. */
    void memberClosed(Member member) {
        members.remove(member);
        if (member.last != null) {
            member.last.clientWritable(member); // a carrier waiting for its client reads on (the rest is dropped)
        }
        if (members.isEmpty()) {
            dissolve();
        } else if (idle.size() + retired.size() + (current == null ? 0 : 1) > members.size()) {
            release(pollIdle());
        }
    }

    /** An idle connection closed (the node's timeout, or the user's connections killed). */
    void idleLost(UpstreamLink.NodeHandler h) {
        idle.remove(h);
        h.idleIn = null;
        closeMembersIfNoConnectionLeft();
    }

    /** A carrier's connection closed; its members with replies due were closed already. */
    void carrierLost(Carrier c) {
        if (current == c) {
            current = null;
        }
        retired.remove(c);
        closeMembersIfNoConnectionLeft();
    }

    /** Every connection of the user closed (as when the node kills the user's clients): so are its members. */
    private void closeMembersIfNoConnectionLeft() {
        if (current == null && idle.isEmpty() && retired.isEmpty() && !members.isEmpty()) {
            for (Member m : new ArrayList<>(members)) {
                m.lost();
            }
            members.clear();
            dissolve();
        }
    }

    private UpstreamLink.NodeHandler pollIdle() {
        UpstreamLink.NodeHandler h;
        while ((h = idle.poll()) != null) {
            if (h.channel().isActive()) {
                h.idleIn = null;
                return h;
            }
            // Closed, its channelInactive still to come: it keeps idleIn, so that idleLost then finds
            // whether any connection is left (else the members would never hear their user's were killed).
        }
        return null;
    }

    /** No member left: idle connections go to the pool for the next clients (after RESET), the carrier closes. */
    private void dissolve() {
        registry.remove(key, this);
        for (UpstreamLink.NodeHandler h; (h = pollIdle()) != null; ) {
            release(h);
        }
        if (current != null) {
            retired.add(current);
            current = null;
        }
        for (Carrier c : retired) {
            c.handler.carrier = null;
            c.channel().close(); // what is still due on it was its closed members'
        }
        retired.clear();
    }

    /** A connection no one needs: kept for a next client if the pool takes it, else closed. */
    private void release(UpstreamLink.NodeHandler h) {
        if (h != null && !UpstreamPool.here().offer(key.node(), h)) {
            h.channel().close();
        }
    }
}
