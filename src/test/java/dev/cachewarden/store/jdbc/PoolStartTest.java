package dev.cachewarden.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.store.StoreUnavailableException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * The store's pool is configured in place and started at once (JdbcStore.started): a database it
 * cannot reach stops the opening there, as {@code new HikariDataSource(config)} did; one it reaches opens.
 */
class PoolStartTest {
    @Test
    void aDatabaseNobodyListensOnStopsTheOpeningAsUnavailableWithoutThePassword() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        assertThatThrownBy(() -> JdbcStore.postgres("jdbc:postgresql://127.0.0.1:" + port + "/cachewarden",
                "cachewarden", "pool-start-secret"))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("start the connection pool")
                .hasMessageNotContaining("pool-start-secret");
    }

    @Test
    void anEmbeddedStoreOpensWithItsPoolStarted() {
        try (JdbcStore store = JdbcStore.inMemory("pool-start-" + System.nanoTime())) {
            long users = store.inTransaction(tx -> tx.users().count());
            assertThat(users).isZero();
        }
    }
}
