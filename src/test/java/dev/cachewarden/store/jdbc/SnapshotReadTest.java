package dev.cachewarden.store.jdbc;

import dev.cachewarden.store.Store;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Snapshot reads on the embedded H2 file store. */
class SnapshotReadTest extends SnapshotReadContract {
    @TempDir
    Path dir;
    JdbcStore store;

    @BeforeEach
    void open() {
        store = JdbcStore.embedded(dir);
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
