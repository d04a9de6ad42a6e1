package dev.cachewarden.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.store.TaskKind;
import dev.cachewarden.store.TaskQueue.Task;
import dev.cachewarden.store.jdbc.JdbcStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A task that keeps failing is offered to its handler to end after each failure, with its attempt count. */
class TransitionWorkerAbandonTest {
    private final JdbcStore store = JdbcStore.inMemory("transition-abandon-" + System.nanoTime());

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aFailingTaskEndsWhenItsHandlerAbandonsIt() throws InterruptedException {
        enqueue();
        AtomicInteger handled = new AtomicInteger();
        List<Integer> offered = new CopyOnWriteArrayList<>();
        List<String> causes = new CopyOnWriteArrayList<>();
        TaskHandler handler = new TaskHandler() {
            @Override
            public void handle(Task task) {
                handled.incrementAndGet();
                throw new IllegalStateException("node rg-001 exited at start",
                        new java.io.IOException("Address already in use"));
            }

            @Override
            public boolean abandon(Task task, int attempts, Exception cause) {
                offered.add(attempts);
                causes.add(TransitionWorker.cause(cause));
                if (attempts < 3) {
                    return false;
                }
                store.inTransaction(tx -> {
                    tx.tasks().complete(task.id());
                    return null;
                });
                return true;
            }
        };
        try (TransitionWorker worker = new TransitionWorker(store, handler, Clock.systemUTC())) {
            worker.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> store.inTransaction(tx -> tx.tasks().nextDue()).isEmpty());
            Thread.sleep(500); // no attempt after the one that ended it
        }
        assertThat(handled).hasValue(3);
        assertThat(offered).containsExactly(1, 2, 3);
        assertThat(causes).allMatch(c -> c.equals("node rg-001 exited at start (Address already in use)"));
    }

    @Test
    void aHandlerThatCannotEndItLeavesItRetrying() {
        enqueue();
        AtomicInteger handled = new AtomicInteger();
        TaskHandler handler = new TaskHandler() {
            @Override
            public void handle(Task task) {
                handled.incrementAndGet();
                throw new IllegalStateException("still failing");
            }

            @Override
            public boolean abandon(Task task, int attempts, Exception cause) {
                throw new IllegalStateException("cannot stop the nodes");
            }
        };
        try (TransitionWorker worker = new TransitionWorker(store, handler, Clock.systemUTC())) {
            worker.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> handled.get() >= 3);
        }
        java.util.OptionalLong next = store.inTransaction(tx -> tx.tasks().nextDue());
        assertThat(next).isPresent();
    }

    @Test
    void theCauseIsOneLineWithTheRootCauseWhenItSaysMore() {
        assertThat(TransitionWorker.cause(new IllegalStateException("plain"))).isEqualTo("plain");
        assertThat(TransitionWorker.cause(new NullPointerException())).isEqualTo("NullPointerException");
        assertThat(TransitionWorker.cause(new java.io.UncheckedIOException("cannot start node rg-001",
                new java.io.IOException("bind failed")))).isEqualTo("cannot start node rg-001 (bind failed)");
        RuntimeException wrapped = new RuntimeException(new IllegalStateException("inner"));
        assertThat(TransitionWorker.cause(wrapped)).isEqualTo("java.lang.IllegalStateException: inner");
    }

    @Test
    void theBackoffDoublesToAMinute() {
        assertThat(TransitionWorker.backoff(0)).isEqualTo(250);
        assertThat(TransitionWorker.backoff(1)).isEqualTo(500);
        assertThat(TransitionWorker.backoff(7)).isEqualTo(32_000);
        assertThat(TransitionWorker.backoff(8)).isEqualTo(60_000);
        assertThat(TransitionWorker.backoff(30)).isEqualTo(60_000);
    }

    private void enqueue() {
        store.inTransaction(tx -> {
            tx.tasks().enqueue(TaskKind.REPLICATION_GROUP_CREATE, "rg", System.currentTimeMillis());
            return null;
        });
    }
}
