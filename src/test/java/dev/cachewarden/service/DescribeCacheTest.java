package dev.cachewarden.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.domain.AccessString;
import dev.cachewarden.domain.Authentication;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.Status;
import dev.cachewarden.domain.User;
import dev.cachewarden.store.Store;
import dev.cachewarden.store.jdbc.JdbcStore;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A cached Describe answer is reused only while no write has committed or is in flight since it was read. */
class DescribeCacheTest {
    private static final List<Object> KEY = List.of("DescribeUsers", "page 1");

    private final AtomicInteger renders = new AtomicInteger();

    @Test
    void reusesAnAnswerUntilTheNextWriteCommits() {
        try (JdbcStore store = JdbcStore.inMemory("cache-" + UUID.randomUUID())) {
            DescribeCache cache = new DescribeCache(store);
            assertThat(answer(cache, () -> users(store))).isEqualTo("[]");
            assertThat(answer(cache, () -> users(store))).isEqualTo("[]");
            assertThat(renders).hasValue(1);

            insert(store, "u1");
            assertThat(answer(cache, () -> users(store))).isEqualTo("[u1]");
            assertThat(renders).hasValue(2);
            // A transaction that only reads leaves the answer current.
            store.inTransaction(tx -> tx.users().find("u1", false));
            assertThat(answer(cache, () -> users(store))).isEqualTo("[u1]");
            assertThat(renders).hasValue(2);
        }
    }

    @Test
    void readsTheStoreWhileAWriteIsInFlight() throws Exception {
        try (JdbcStore store = JdbcStore.inMemory("cache-" + UUID.randomUUID())) {
            DescribeCache cache = new DescribeCache(store);
            CountDownLatch written = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread writer = Thread.ofPlatform().start(() -> store.inTransaction(tx -> {
                tx.users().insert(user("u2"));
                written.countDown();
                await(release);
                return null;
            }));
            assertThat(written.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(store.writeGeneration()).isEqualTo(-1);
            answer(cache, () -> users(store));
            answer(cache, () -> users(store));
            assertThat(renders).hasValue(2); // nothing kept while the write could still commit
            release.countDown();
            writer.join(10_000);
            assertThat(answer(cache, () -> users(store))).isEqualTo("[u2]");
            assertThat(renders).hasValue(3);
        }
    }

    @Test
    void anAnswerReadAcrossACommitIsNotKept() {
        try (JdbcStore store = JdbcStore.inMemory("cache-" + UUID.randomUUID())) {
            DescribeCache cache = new DescribeCache(store);
            answer(cache, () -> {
                String before = users(store);
                insert(store, "u3"); // commits while the answer is being rendered
                return before;
            });
            assertThat(answer(cache, () -> users(store))).isEqualTo("[u3]");
        }
    }

    @Test
    void aStoreThatCannotTellIsAlwaysRead() {
        Store shared = new Store() { // as PostgreSQL: another instance may write at any time
            @Override
            public <T> T inTransaction(Work<T> work) {
                throw new UnsupportedOperationException();
            }

            @Override
            public <T> T readSnapshot(Work<T> work) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean exclusive() {
                return false;
            }

            @Override
            public void close() {}
        };
        DescribeCache cache = new DescribeCache(shared);
        answer(cache, () -> "a" + renders.incrementAndGet());
        assertThat(answer(cache, () -> "a" + renders.incrementAndGet())).isEqualTo("a2");
    }

    /** The cache keeps bytes; these tests speak of the text. */
    private static String answer(DescribeCache cache, java.util.function.Supplier<String> render) {
        return new String(cache.answer(KEY, () -> render.get().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    private String users(Store store) {
        renders.incrementAndGet();
        return store.readSnapshot(tx -> tx.users().page(null, 10)).stream().map(User::userId).toList().toString();
    }

    private static void insert(Store store, String id) {
        store.inTransaction(tx -> tx.users().insert(user(id)));
    }

    private static User user(String id) {
        return new User(id, id, Engine.REDIS, Status.ACTIVE, AccessString.parse("on ~* +@all"),
                new Authentication.NoPassword(), List.of(), 0);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
