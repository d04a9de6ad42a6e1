package dev.cachewarden.store;

/**
 * The database cannot be reached: stopped, restarting, refusing connections, or silent past the
 * store's timeouts. Nothing was committed by the transaction that saw it. Callers answer "try again
 * later" (the API's ServiceUnavailable) and workers back off; the store recovers by itself once the
 * database answers again.
 */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
