package dev.cachewarden.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.domain.AccessString;
import dev.cachewarden.domain.Authentication;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.Status;
import dev.cachewarden.domain.User;
import dev.cachewarden.store.jdbc.JdbcStore;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A kept read serves until a write commits, and one read across a commit is never kept. */
class KeptReadTest {
    private final AtomicInteger reads = new AtomicInteger();

    @Test
    void servesUntilAWriteCommits() {
        try (JdbcStore store = JdbcStore.inMemory("kept-" + UUID.randomUUID())) {
            KeptRead<Integer> first = KeptRead.of(store, null, reads::incrementAndGet);
            assertThat(first.current(store)).isTrue();
            assertThat(KeptRead.of(store, first, reads::incrementAndGet)).isSameAs(first);
            assertThat(reads).hasValue(1);

            write(store);
            assertThat(first.current(store)).isFalse();
            KeptRead<Integer> second = KeptRead.of(store, first, reads::incrementAndGet);
            assertThat(second.value()).isEqualTo(2);
            assertThat(second.current(store)).isTrue();
        }
    }

    @Test
    void aReadAcrossACommitIsNotKept() {
        try (JdbcStore store = JdbcStore.inMemory("kept-" + UUID.randomUUID())) {
            KeptRead<Integer> across = KeptRead.of(store, null, () -> {
                write(store); // commits while the value is being read
                return reads.incrementAndGet();
            });
            assertThat(across.generation()).isEqualTo(-1);
            assertThat(across.current(store)).isFalse();
            assertThat(KeptRead.of(store, across, reads::incrementAndGet).value()).isEqualTo(2);
        }
    }

    private static void write(Store store) {
        store.inTransaction(tx -> {
            String id = "u" + UUID.randomUUID().toString().substring(0, 8);
            tx.users().insert(new User(id, id, Engine.REDIS, Status.ACTIVE, AccessString.parse("on ~* +@all"),
                    new Authentication.NoPassword(), List.of(), 0));
            return null;
        });
    }
}
