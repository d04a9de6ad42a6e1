package dev.cachewarden.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.store.StoreUnavailableException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** Which database failures mean "unreachable" (answered ServiceUnavailable) and which are retried. */
class StoreExceptionTest {
    @Test
    void thePoolTimingOutOnARefusedConnectionIsAnOutage() {
        SQLException refused = new SQLException("Connection to 127.0.0.1:5432 refused.", "08001",
                new ConnectException("Connection refused"));
        RuntimeException e = StoreException.of("connect", new SQLTransientConnectionException(
                "cachewarden-store - Connection is not available, request timed out after 1000ms", "08001", refused));
        assertThat(e).isInstanceOf(StoreUnavailableException.class).hasMessageStartingWith("connect: ");
    }

    @Test
    void brokenConnectionsAndAServerGoingAwayAreOutages() {
        for (String state : new String[] {"08006", "08003", "08001", "57P01", "57P02", "57P03", "53300"}) {
            assertThat(StoreException.of("SELECT 1", new SQLException("gone", state)))
                    .as(state).isInstanceOf(StoreUnavailableException.class);
        }
    }

    @Test
    void otherFailuresStayStoreExceptionsAndOnlyConflictsAreRetried() {
        assertThat(StoreException.of("INSERT", new SQLException("duplicate", "23505")))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.retryable()).isFalse());
        assertThat(StoreException.of("SELECT", new SQLException("no such column", "42703")))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.retryable()).isFalse());
        for (String state : new String[] {"40001", "40P01", "55P03", "HYT00"}) {
            assertThat(StoreException.of("UPDATE", new SQLException("conflict", state)))
                    .as(state).isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.retryable()).isTrue());
        }
    }

    @Test
    void aLockTimeoutOverARowMissingFromItsTableIsNotRetried() {
        // What H2 reports after spinning on a torn index's row until its lock timeout.
        SQLException missing = new SQLException("Row \"520\" not found in primary index", "90143", 90143);
        SQLException timeout = new SQLException("Timeout trying to lock table {0}", "HYT00", 50200,
                new RuntimeException(missing));
        assertThat(StoreException.of("SELECT", timeout))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.retryable()).isFalse());
    }
}
