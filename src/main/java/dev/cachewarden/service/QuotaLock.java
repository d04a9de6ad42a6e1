package dev.cachewarden.service;

import dev.cachewarden.domain.User;
import dev.cachewarden.store.Transaction;

/**
 * Serializes the creates that count against a quota. Under READ COMMITTED two creates could each
 * count N-1 and both insert; locking one well-known row first (the built-in default user, which
 * always exists and never changes) makes the count-then-insert atomic on H2 and PostgreSQL alike.
 */
final class QuotaLock {
    private QuotaLock() {}

    static void acquire(Transaction tx) {
        tx.users().find(User.DEFAULT_USER_ID, true);
    }
}
