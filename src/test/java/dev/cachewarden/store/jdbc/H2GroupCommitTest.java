package dev.cachewarden.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.Status;
import dev.cachewarden.domain.UserGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store's group commit (issue 13): shared stores, each answer after its store. */
class H2GroupCommitTest {
    @TempDir
    Path dir;

    @Test
    void concurrentCommitsShareStoresAndAllOfThemLast() throws Exception {
        int threads = 8;
        int each = 100;
        Path data = dir.resolve("data");
        long stores;
        try (JdbcStore store = JdbcStore.embedded(data)) {
            long before = store.groupCommit().stores();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        insertGroup(store, "t" + thread + "g" + i);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            stores = store.groupCommit().stores() - before;
            assertThat(store.groupCommit().syncs()).as("no fsync by default").isZero();
        }
        System.out.printf("%d concurrent commits in %d stores%n", threads * each, stores);
        assertThat(stores).as("stores for %d concurrent commits", threads * each)
                .isPositive().isLessThan(threads * each);
        try (JdbcStore reopened = JdbcStore.embedded(data)) {
            long count = reopened.readSnapshot(tx -> tx.userGroups().count());
            assertThat(count).isEqualTo((long) threads * each);
        }
    }

    /**
     * The file as it is when a commit is answered is what a {@code kill -9} at that moment leaves:
     * a copy taken then, opened as the store opens after a crash, holds the commit.
     */
    @Test
    void everyAnsweredCommitIsInTheFileAlready() throws Exception {
        Path data = dir.resolve("data");
        try (JdbcStore store = JdbcStore.embedded(data)) {
            for (int i = 1; i <= 3; i++) {
                insertGroup(store, "g" + i);
                Path copy = Files.createDirectories(dir.resolve("copy" + i));
                Files.copy(data.resolve("cachewarden.mv.db"), copy.resolve("cachewarden.mv.db"));
                try (JdbcStore crashed = JdbcStore.embedded(copy)) {
                    String id = "g" + i;
                    Optional<UserGroup> found = crashed.readSnapshot(tx -> tx.userGroups().find(id, false));
                    assertThat(found).as("%s after a crash at its answer", id).isPresent();
                }
            }
        }
    }

    /**
     * The chunk is written by {@link H2Serializer}'s thread, after the store let go of the writers: if an
     * H2 upgrade renamed the field it fills, stores would quietly go back to holding every writer up.
     */
    @Test
    void chunksAreWrittenByTheSerializerOutsideTheLock() {
        assertThat(H2Serializer.available()).as("H2's serialization executor field").isTrue();
        try (JdbcStore store = JdbcStore.embedded(dir.resolve("data"))) {
            long before = store.groupCommit().stores();
            insertGroup(store, "g");
            assertThat(store.groupCommit().stores()).isEqualTo(before + 1);
            assertThat(Thread.getAllStackTraces().keySet()).as("threads after a store")
                    .anyMatch(t -> t.getName().equals("h2-chunk-writer"));
        }
    }

    @Test
    void powerLossSafetyForcesEveryStoreToTheDisk() throws Exception {
        try (JdbcStore store = JdbcStore.embedded(dir.resolve("data"), Durability.POWER_LOSS)) {
            long before = store.groupCommit().stores();
            for (int i = 0; i < 5; i++) {
                insertGroup(store, "g" + i);
            }
            assertThat(store.groupCommit().stores() - before).isEqualTo(5);
            assertThat(store.groupCommit().syncs()).isEqualTo(store.groupCommit().stores() - before);
        }
    }

    @Test
    void readsWriteNothingAndStoreNothing() {
        try (JdbcStore store = JdbcStore.embedded(dir.resolve("data"))) {
            insertGroup(store, "g");
            long before = store.groupCommit().stores();
            for (int i = 0; i < 5; i++) {
                Optional<UserGroup> written = store.inTransaction(tx -> tx.userGroups().find("g", false));
                Optional<UserGroup> read = store.readSnapshot(tx -> tx.userGroups().find("g", false));
                assertThat(written).isPresent();
                assertThat(read).isPresent();
            }
            assertThat(store.groupCommit().stores()).isEqualTo(before);
        }
    }

    @Test
    void durabilityIsSpelledAsTheOptionTakesIt() {
        assertThat(Durability.parse("process-crash")).isEqualTo(Durability.PROCESS_CRASH);
        assertThat(Durability.parse("power-loss")).isEqualTo(Durability.POWER_LOSS);
        assertThatThrownBy(() -> Durability.parse("fsync")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("process-crash or power-loss");
    }

    private static void insertGroup(JdbcStore store, String id) {
        boolean inserted = store.inTransaction(tx -> tx.userGroups().insert(new UserGroup(id, Engine.REDIS,
                Status.ACTIVE, List.of("default"), null, List.of(), List.of(), null, 1)));
        assertThat(inserted).isTrue();
    }
}
