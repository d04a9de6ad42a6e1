package dev.cachewarden.postgres;

import dev.cachewarden.store.Store;
import dev.cachewarden.store.jdbc.JdbcStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The cache_settings table (migration V9) on PostgreSQL (a throwaway cluster, a database per test). */
class CacheSettingsPostgresIT extends dev.cachewarden.store.jdbc.CacheSettingsRepositoryContract {
    JdbcStore store;

    @BeforeEach
    void open() throws Exception {
        store = JdbcStore.postgres(PostgresCluster.shared().createDatabase(), PostgresCluster.USER, "");
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    protected Store store() {
        return store;
    }
}
