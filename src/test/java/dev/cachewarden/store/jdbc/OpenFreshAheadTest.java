package dev.cachewarden.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.domain.User;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start makes a fresh store's file before logging is up (JdbcStore.openFreshAhead), then builds the
 * store on it: the same migrated, durable store as without it; an existing file is left to the store's
 * own opening (it may need the crash passes first).
 */
class OpenFreshAheadTest {
    @TempDir
    Path dir;

    @Test
    void aStoreBuiltOnAFileOpenedAheadIsMigratedAndKeepsItsRowsOnceTheAheadConnectionIsClosed() throws Exception {
        AutoCloseable ahead = JdbcStore.openFreshAhead(dir);
        assertThat(ahead).isNotNull();
        try (JdbcStore store = JdbcStore.embedded(dir, Durability.PROCESS_CRASH, ahead)) {
            ahead.close();
            store.inTransaction(tx -> tx.users().insert(User.builtInDefault()));
            long users = store.inTransaction(tx -> tx.users().count());
            assertThat(users).isEqualTo(1);
        }
        assertThat(JdbcStore.openFreshAhead(dir)).as("the file exists now").isNull();
        try (JdbcStore reopened = JdbcStore.embedded(dir, Durability.PROCESS_CRASH)) {
            java.util.Optional<User> found = reopened.inTransaction(tx -> tx.users().find("default", false));
            assertThat(found).isPresent();
        }
    }
}
