package dev.cachewarden.service;

import dev.cachewarden.domain.User;
import dev.cachewarden.store.Transaction;
import java.util.function.LongSupplier;

/**
 * Keeps the creates that count against a quota exact without serializing every create.
 *
 * <p>Under READ COMMITTED two creates could each count N-1 and both insert. Near the quota a create
 * therefore locks one well-known row (the built-in default user, which always exists) and counts
 * again, which makes count-then-insert atomic on H2 and PostgreSQL alike. Far from the quota it
 * skips the lock: its own count cannot see the creates in flight beside it, but there are at most
 * {@link #HEADROOM} of those (each holds one of the store's connections: 10 per instance), so a count
 * below {@code quota - HEADROOM} leaves room for all of them. 64 covers six instances sharing a
 * PostgreSQL store; the lock is only skipped while at least that many places remain.
 */
final class QuotaLock {
    /** More than the creates that can be in flight at once: connection pool size (10) × instances. */
    static final long HEADROOM = 64;

    private QuotaLock() {}

    /**
     * The count to judge the quota by: {@code count} as read, or read again under the lock when it
     * is within {@link #HEADROOM} of {@code quota}.
     */
    static long count(Transaction tx, long quota, LongSupplier count) {
        long seen = count.getAsLong();
        if (seen < quota - HEADROOM) {
            return seen;
        }
        tx.users().lock(User.DEFAULT_USER_ID);
        return count.getAsLong();
    }
}
