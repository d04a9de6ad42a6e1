package dev.cachewarden.store.jdbc;

import java.sql.SQLException;

/** A database failure; {@link #retryable()} marks the ones another attempt can cure. */
public final class StoreException extends RuntimeException {
    public StoreException(String what, SQLException cause) {
        super(what + ": " + cause.getMessage(), cause);
    }

    public boolean retryable() {
        if (getCause() instanceof SQLException sql) {
            String state = sql.getSQLState();
            // 40001 serialization failure, 40P01 deadlock and 55P03 lock timeout (PostgreSQL), HYT00 lock
            // timeout (H2).
            return "40001".equals(state) || "40P01".equals(state) || "55P03".equals(state) || "HYT00".equals(state);
        }
        return false;
    }
}
