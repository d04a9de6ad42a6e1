package dev.cachewarden.store.jdbc;

import dev.cachewarden.store.Store;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The events table on the embedded store (H2). */
class EventRepositoryTest extends EventRepositoryContract {
    JdbcStore store;

    @BeforeEach
    void open() {
        store = JdbcStore.inMemory("events-" + UUID.randomUUID());
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
