package dev.cachewarden.store.jdbc;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the transactions that wrote: one started at its first write, ended once its commit (or
 * rollback) is over. {@link #generation()} is the number ended while none is in flight, so a reader
 * that finds the same generation before and after its work read a state no write touched meanwhile.
 */
final class WriteGenerations {
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong ended = new AtomicLong();

    /** The writes ended so far, or -1 while one is in flight. */
    long generation() {
        // Ended before started: equal means none started by the second read that had not ended by the first.
        long e = ended.get();
        return started.get() == e ? e : -1;
    }

    Tracker open() {
        return new Tracker();
    }

    /** One transaction's part: {@link #beforeWrite} on each writing statement, {@link #end} after commit or rollback. */
    final class Tracker {
        private boolean wrote;

        void beforeWrite() {
            if (!wrote) {
                wrote = true;
                started.incrementAndGet();
            }
        }

        void end() {
            if (wrote) {
                wrote = false;
                ended.incrementAndGet();
            }
        }
    }
}
