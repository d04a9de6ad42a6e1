package dev.cachewarden.engine;

import dev.cachewarden.store.StoreUnavailableException;
import org.slf4j.Logger;

/**
 * A worker's waits while the store is unreachable: exponential from {@link #FIRST_MILLIS}, capped,
 * and one warning when the outage begins and one note when it ends, not a stack trace per attempt.
 * Only the worker's own thread uses it.
 */
final class StoreBackoff {
    static final long FIRST_MILLIS = 250;

    private final Logger log;
    private final String worker;
    private final long capMillis;
    private int failures;
    private long outageStartNanos;

    StoreBackoff(Logger log, String worker, long capMillis) {
        this.log = log;
        this.worker = worker;
        this.capMillis = capMillis;
    }

    /** @return how long to wait before trying the store again */
    long failed(StoreUnavailableException e) {
        if (failures == 0) {
            outageStartNanos = System.nanoTime();
            log.warn("{}: the store is unavailable ({}; cause: {}); retrying with backoff up to {} ms until it "
                    + "answers", worker, e.getMessage(), rootCause(e), capMillis);
        }
        failures++;
        return Math.min(capMillis, FIRST_MILLIS << Math.min(failures - 1, 20));
    }

    /** The store answered; ends an outage, if one was going on. */
    void succeeded() {
        if (failures > 0) {
            log.info("{}: the store answers again after {} ms and {} failed attempt(s); resuming", worker,
                    (System.nanoTime() - outageStartNanos) / 1_000_000, failures);
            failures = 0;
        }
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }

    boolean inOutage() {
        return failures > 0;
    }
}
