package dev.cachewarden.store.jdbc;

import dev.cachewarden.store.Store;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** cache_settings on the embedded store (H2). */
class CacheSettingsRepositoryTest extends CacheSettingsRepositoryContract {
    JdbcStore store;

    @BeforeEach
    void open() {
        store = JdbcStore.inMemory("settings-" + UUID.randomUUID());
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
