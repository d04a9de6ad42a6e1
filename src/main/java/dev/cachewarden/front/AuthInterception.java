package dev.cachewarden.front;

import dev.cachewarden.front.ConnectionAuthenticator.Decision;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AUTH and HELLO … AUTH of one client connection: what the authenticator decided becomes the
 * command sent to the node (as sent, with the node secret substituted, or a refusal the node answers
 * as a wrong password), and who the connection is authenticated as follows from the node's replies:
 * an AUTH counts once its reply comes back without an error. A connection the front authenticated
 * by substitution (an IAM user) is closed when that authentication expires, unless a later AUTH
 * renews or replaces it. Used on the connection's event loop, except {@link #decide} (on the
 * authenticator's threads) and {@link #substitutedUser} (read by any thread, to close a user's
 * connections).
 */
final class AuthInterception {
    private static final Logger log = LoggerFactory.getLogger(AuthInterception.class);

    /**
     * The reply to command number {@code seq} decides; {@code user} null: not a substitution;
     * {@code identity}: who the connection is once it succeeds.
     */
    private record Pending(long seq, String user, Instant expiresAt, String identity) {}

    private final Channel client;
    private final int port;
    private final FrontTarget target;
    /** The replies awaited for AUTH/HELLO commands, oldest first. */
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private volatile String substitutedUser;
    /** The user the node knows this connection as, as far as the front can tell: "" before any AUTH. */
    private String identity = "";
    private Instant expiresAt;
    /** Replies stopped matching commands: who the connection is can no longer be told. */
    private boolean untracked;
    private ScheduledFuture<?> expiry;

    AuthInterception(Channel client, int port, FrontTarget target) {
        this.client = client;
        this.port = port;
        this.target = target;
    }

    /** The authenticator's decision; may block (it looks up users and policies): never on the event loop. */
    Decision decide(ConnectionAuthenticator authenticator, Credentials credentials) {
        try {
            return authenticator.authenticate(target, credentials.user(), credentials.password());
        } catch (RuntimeException e) {
            log.warn("front {}: the authenticator failed; refusing: {}", port, e.toString());
            return new Decision.Refused("authenticator failed");
        }
    }

    /** The decision if the authenticator can take it without blocking (on the event loop), else null. */
    Decision decideNow(ConnectionAuthenticator authenticator, Credentials credentials) {
        try {
            return authenticator.authenticateNow(target, credentials.user(), credentials.password());
        } catch (RuntimeException e) {
            log.warn("front {}: the authenticator failed; refusing: {}", port, e.toString());
            return new Decision.Refused("authenticator failed");
        }
    }

    /**
     * What goes to the node, as command number {@code seq}, for an AUTH/HELLO decided so; {@code raw}
     * (the command as the client sent it) is released when replaced. Registers what its reply will mean,
     * unless replies cannot be matched then: inside MULTI (the AUTH runs at EXEC) or after pub/sub.
     */
    ByteBuf commandFor(Credentials credentials, ByteBuf raw, Decision decision, long seq, boolean inMulti,
                       boolean uncountable) {
        switch (decision) {
            case Decision.PassThrough p -> {
                if (!inMulti && !uncountable) {
                    expect(seq, null, null, credentials.user());
                }
                return raw;
            }
            case Decision.Substitute s -> {
                raw.release();
                if (inMulti || uncountable) {
                    // The front could not start the connection's clock: it refuses.
                    log.info("front {}: refused AUTH of {}: {}", port, credentials.user(),
                            inMulti ? "token AUTH inside MULTI" : "token AUTH after SUBSCRIBE/MONITOR/CLIENT REPLY");
                    return credentials.refused(client.alloc());
                }
                expect(seq, s.username(), s.expiresAt(), s.username());
                return credentials.with(client.alloc(), s.username(), s.nodeSecret());
            }
            case Decision.Refused r -> {
                raw.release();
                log.info("front {}: refused AUTH of {} on {}: {}", port, credentials.user(), target.cacheId(),
                        r.reason());
                // The node answers, in order with earlier replies, exactly as for a wrong password.
                return credentials.refused(client.alloc());
            }
        }
    }

    String substitutedUser() {
        return substitutedUser;
    }

    /** The reply to command {@code seq} tells whether an AUTH/HELLO succeeded; {@code user} null: as sent. */
    private void expect(long seq, String user, Instant until, String as) {
        pending.add(new Pending(seq, user, until, as));
    }

    /**
     * Who the node knows the connection as: "" before any AUTH (a new connection's user), else the user
     * of the last AUTH that succeeded. Meaningful when {@link #settled}.
     */
    String identity() {
        return identity;
    }

    /** No AUTH/HELLO awaits its reply, and none was lost track of: {@link #identity} is known. */
    boolean settled() {
        return pending.isEmpty() && !untracked;
    }

    /** Replies no longer match commands (pub/sub, MONITOR…): nothing awaited can be told apart any more. */
    void forgetPending() {
        pending.clear();
        untracked = true;
    }

    /** Reply number {@code seq} arrived, of {@code type} ('+', '-', …). */
    void replied(long seq, byte type) {
        Pending p = pending.peek();
        if (p != null && p.seq() == seq) {
            pending.poll();
            boolean ok = type != '-' && type != '!';
            if (ok) {
                identity = p.identity();
            }
            if (ok && p.user() != null) {
                authenticatedBySubstitution(p.user(), p.expiresAt());
            } else if (ok) {
                authenticatedAsOther();
            }
        }
    }

    /** The connection is someone the front did not substitute for (or, after RESET, no one). */
    void authenticatedAsOther() {
        substitutedUser = null;
        expiresAt = null;
        cancel();
    }

    /** The connection closed: no timer left behind. */
    void cancel() {
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
    }

    private void authenticatedBySubstitution(String user, Instant until) {
        substitutedUser = user;
        expiresAt = until;
        cancel();
        long delay = Math.max(0, until.toEpochMilli() - System.currentTimeMillis());
        expiry = client.eventLoop().schedule(this::expire, delay, TimeUnit.MILLISECONDS);
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
        log.info("front {}: closing the connection of {}: its authentication expired", port, substitutedUser);
        client.close();
    }
}
