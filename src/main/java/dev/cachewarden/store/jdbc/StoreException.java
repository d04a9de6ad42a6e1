package dev.cachewarden.store.jdbc;

import dev.cachewarden.store.StoreUnavailableException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/** A database failure; {@link #retryable()} marks the ones another attempt can cure. */
public final class StoreException extends RuntimeException {
    /**
     * PostgreSQL's "the server is going away or not there yet": 57P01 admin shutdown (what an
     * immediate stop sends its sessions), 57P02 crash shutdown, 57P03 cannot connect now (starting up or
     * shutting down), 53300 too many connections. Class 08 (connection exception) is matched as a whole.
     */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");

    public StoreException(String what, SQLException cause) {
        super(what + ": " + cause.getMessage(), cause);
    }

    /**
     * The exception to throw for {@code cause}: {@link StoreUnavailableException} when the database
     * could not be reached (the pool's connection timeout, a refused or broken connection, a socket
     * timeout), else a {@link StoreException}.
     */
    static RuntimeException of(String what, SQLException cause) {
        return unavailable(cause)
                ? new StoreUnavailableException(what + ": the database is unavailable: " + cause.getMessage(), cause)
                : new StoreException(what, cause);
    }

    static boolean unavailable(SQLException e) {
        if (e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException) {
            return true;
        }
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state));
    }

    public boolean retryable() {
        if (getCause() instanceof SQLException sql) {
            String state = sql.getSQLState();
            // 40001 serialization failure, 40P01 deadlock and 55P03 lock timeout (PostgreSQL), HYT00 lock
            // timeout (H2).
            return "40001".equals(state) || "40P01".equals(state) || "55P03".equals(state)
                    || ("HYT00".equals(state) && !missingRow(sql));
        }
        return false;
    }

    /**
     * H2 retries a row its index names but its table lacks (error 90143) as a concurrent change until
     * the lock timeout, then reports a lock timeout. Outside a race that is a torn index, which another
     * attempt only waits on again: it is not retried.
     */
    private static boolean missingRow(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == H2_ROW_NOT_FOUND_IN_PRIMARY_INDEX) {
                return true;
            }
        }
        return false;
    }

    private static final int H2_ROW_NOT_FOUND_IN_PRIMARY_INDEX = 90143;
}
