package dev.cachewarden.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.store.TaskKind;
import dev.cachewarden.store.TaskQueue.Task;
import dev.cachewarden.store.Transaction;
import dev.cachewarden.store.jdbc.JdbcStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Store-only transitions complete in the claiming transaction; a failing one cannot hold the others back. */
class TransitionWorkerTest {
    private final JdbcStore store = JdbcStore.inMemory("transition-worker-" + System.nanoTime());

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void completesABatchInTheClaimingTransaction() {
        enqueue("g1", "g2", "g3");
        List<String> handled = new CopyOnWriteArrayList<>();
        AtomicInteger inStore = new AtomicInteger();
        TaskHandler handler = new TaskHandler() {
            @Override
            public void handle(Task task) {
                handled.add(task.resourceId());
            }

            @Override
            public List<Task> completeInStore(Transaction tx, List<Task> tasks) {
                tasks.forEach(t -> tx.tasks().complete(t.id()));
                inStore.addAndGet(tasks.size());
                return tasks;
            }
        };
        try (TransitionWorker worker = new TransitionWorker(store, handler, Clock.systemUTC())) {
            worker.start();
            worker.wake();
            await().atMost(Duration.ofSeconds(5)).until(() -> store.inTransaction(tx -> tx.tasks().nextDue()).isEmpty());
        }
        assertThat(inStore).hasValue(3);
        assertThat(handled).isEmpty();
    }

    /**
     * Tasks all completed in the claim end the pass: the next due time is read in that transaction, not
     * by a second claim that finds nothing (a transaction more for every ModifyUserGroup of a group no
     * cache uses). The worker's next look is its idle poll, a second later.
     */
    @Test
    void aClaimThatCompletesEverythingIsThePassOnlyTransaction() throws InterruptedException {
        enqueue("g1", "g2");
        AtomicInteger transactions = new AtomicInteger();
        dev.cachewarden.store.Store counting = counting(transactions);
        TaskHandler handler = new TaskHandler() {
            @Override
            public void handle(Task task) {
                throw new AssertionError("store-only task " + task.resourceId() + " handled");
            }

            @Override
            public List<Task> completeInStore(Transaction tx, List<Task> tasks) {
                tasks.forEach(t -> tx.tasks().complete(t.id()));
                return tasks;
            }
        };
        try (TransitionWorker worker = new TransitionWorker(counting, handler, Clock.systemUTC())) {
            worker.start(); // its one transaction: the leases of a previous process
            await().atMost(Duration.ofSeconds(5)).until(() -> store.inTransaction(tx -> tx.tasks().nextDue()).isEmpty());
            Thread.sleep(300);
            assertThat(transactionsBeforeIdlePoll()).isEqualTo(2);
        }
    }

    /**
     * A claim that keeps every claimable task for the handler reads when the next one falls due, so the
     * pass ends once they are handled: no second, empty claim (a transaction more for every change
     * that reaches nodes).
     */
    @Test
    void aClaimThatKeepsEveryTaskForTheHandlerEndsThePassAfterThem() throws InterruptedException {
        enqueue("g1", "g2");
        AtomicInteger transactions = new AtomicInteger();
        dev.cachewarden.store.Store counting = counting(transactions);
        TaskHandler handler = task -> counting.inTransaction(tx -> {
            tx.tasks().complete(task.id());
            return null;
        });
        try (TransitionWorker worker = new TransitionWorker(counting, handler, Clock.systemUTC())) {
            worker.start(); // its one transaction: the leases of a previous process
            await().atMost(Duration.ofSeconds(5)).until(() -> store.inTransaction(tx -> tx.tasks().nextDue()).isEmpty());
            Thread.sleep(300);
            assertThat(transactionsBeforeIdlePoll()).as("leases, the claim, one completion per task").isEqualTo(4);
        }
    }

    /** A task enqueued while the worker handles others is found at once: its wake-up starts another pass. */
    @Test
    void aTaskEnqueuedWhileOthersAreHandledIsClaimedWithoutWaitingForTheIdlePoll() {
        enqueue("g1");
        java.util.concurrent.CountDownLatch secondDone = new java.util.concurrent.CountDownLatch(1);
        TransitionWorker[] self = new TransitionWorker[1];
        TaskHandler handler = task -> {
            if (task.resourceId().equals("g1")) {
                enqueue("g2");
                self[0].wake();
            } else {
                secondDone.countDown();
            }
            store.inTransaction(tx -> {
                tx.tasks().complete(task.id());
                return null;
            });
        };
        try (TransitionWorker worker = new TransitionWorker(store, handler, Clock.systemUTC())) {
            self[0] = worker;
            worker.start();
            worker.wake();
            await().atMost(Duration.ofMillis(900)).until(() -> secondDone.getCount() == 0);
        }
    }

    @Test
    void aTaskThatFailsInTheBatchFallsBackAloneAndTheOthersComplete() {
        enqueue("good-1", "bad", "good-2");
        List<String> handled = new CopyOnWriteArrayList<>();
        TaskHandler handler = new TaskHandler() {
            @Override
            public void handle(Task task) {
                if (task.resourceId().equals("bad")) {
                    throw new IllegalStateException("cannot complete " + task.resourceId());
                }
                store.inTransaction(tx -> {
                    tx.tasks().complete(task.id());
                    return null;
                });
                handled.add(task.resourceId());
            }

            @Override
            public List<Task> completeInStore(Transaction tx, List<Task> tasks) {
                List<Task> done = new ArrayList<>();
                for (Task task : tasks) {
                    tx.tasks().complete(task.id());
                    if (task.resourceId().equals("bad")) {
                        throw new IllegalStateException("cannot complete " + task.resourceId());
                    }
                    done.add(task);
                }
                return done;
            }
        };
        try (TransitionWorker worker = new TransitionWorker(store, handler, Clock.systemUTC())) {
            worker.start();
            worker.wake();
            // Generous: on a loaded 2-core CI machine the three passes (batch, then each alone) took over 5 s once.
            await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == 2);
        }
        assertThat(handled).containsExactly("good-1", "good-2");
        // The bad task is still there, not leased, and counted as failed at least once.
        List<Task> left = store.inTransaction(tx -> tx.tasks().claimDue(Long.MAX_VALUE / 2, Long.MAX_VALUE / 2, 10));
        assertThat(left).singleElement().satisfies(t -> {
            assertThat(t.resourceId()).isEqualTo("bad");
            assertThat(t.attempts()).isPositive();
        });
    }

    @Test
    void tasksLeftForTheHandlerAreAllHandledInOrderWhenAClaimHoldsMoreThanItKeeps() {
        String[] ids = new String[20];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "cache-" + (100 + i);
        }
        enqueue(ids);
        List<String> handled = new CopyOnWriteArrayList<>();
        TaskHandler handler = task -> {
            store.inTransaction(tx -> {
                tx.tasks().complete(task.id());
                return null;
            });
            handled.add(task.resourceId());
        };
        try (TransitionWorker worker = new TransitionWorker(store, handler, Clock.systemUTC())) {
            worker.start();
            worker.wake();
            await().atMost(Duration.ofSeconds(5)).until(() -> handled.size() == ids.length);
        }
        // Different resources are handled at once (a cache's creation takes seconds), so in any order.
        assertThat(handled).containsExactlyInAnyOrder(ids);
        java.util.OptionalLong next = store.inTransaction(tx -> tx.tasks().nextDue());
        assertThat(next).isEmpty();
    }

    @Test
    void differentResourcesAreHandledAtOnceAndOneResourcesTasksInOrder() {
        enqueue("slow", "fast", "slow");
        java.util.concurrent.CountDownLatch fastDone = new java.util.concurrent.CountDownLatch(1);
        List<String> handled = new CopyOnWriteArrayList<>();
        TaskHandler handler = task -> {
            if (task.resourceId().equals("slow") && handled.stream().noneMatch(h -> h.startsWith("slow"))) {
                // Handled one after the other, "fast" would wait behind this and the latch run out.
                try {
                    assertThat(fastDone.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            store.inTransaction(tx -> {
                tx.tasks().complete(task.id());
                return null;
            });
            handled.add(task.resourceId() + "#" + task.id());
            if (task.resourceId().equals("fast")) {
                fastDone.countDown();
            }
        };
        try (TransitionWorker worker = new TransitionWorker(store, handler, Clock.systemUTC())) {
            worker.start();
            worker.wake();
            await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 3);
        }
        assertThat(handled.get(0)).startsWith("fast#");
        List<String> slow = handled.stream().filter(h -> h.startsWith("slow#")).toList();
        assertThat(slow).hasSize(2);
        // The same resource's tasks keep their order: the first enqueued is handled first.
        assertThat(Long.parseLong(slow.get(0).substring(5))).isLessThan(Long.parseLong(slow.get(1).substring(5)));
    }

    @Test
    void onTheExclusiveStoreAClaimReadsWhatHandlingNeedsAndLeasesNothing() {
        enqueue("g1");
        List<String> seen = new CopyOnWriteArrayList<>();
        TaskHandler handler = new TaskHandler() {
            @Override
            public void handle(Task task) {
                throw new AssertionError("handled without its prepared work");
            }

            @Override
            public Runnable prepare(Transaction tx, Task task) {
                // Read in the claiming transaction: the task is there, and (no other process can
                // open this store) not leased.
                String read = tx.tasks().due(Long.MAX_VALUE / 2, 10).stream().map(Task::resourceId).toList().toString();
                return () -> {
                    boolean leased = store.inTransaction(t -> t.tasks().due(System.currentTimeMillis(), 10)).isEmpty();
                    seen.add(read + (leased ? " leased" : " unleased"));
                    store.inTransaction(t -> {
                        t.tasks().complete(task.id());
                        return null;
                    });
                };
            }
        };
        try (TransitionWorker worker = new TransitionWorker(store, handler, Clock.systemUTC())) {
            worker.start();
            worker.wake();
            await().atMost(Duration.ofSeconds(5)).until(() -> store.inTransaction(tx -> tx.tasks().nextDue()).isEmpty());
        }
        assertThat(seen).containsExactly("[g1] unleased");
    }

    /** The test's store, counting the transactions opened through it. */
    /** When each transaction through {@link #counting} began (System.nanoTime). */
    private final List<Long> transactionStarts = new CopyOnWriteArrayList<>();

    /**
     * The transactions of the worker's first passes, up to the first pause of 900 ms or more: the idle
     * poll (a claim every second) is not the pass's doing, and on a loaded machine the pass and the
     * test's wait took long enough for one to come in (CI: 5 where 4 were meant).
     */
    private int transactionsBeforeIdlePoll() {
        List<Long> starts = List.copyOf(transactionStarts);
        int n = starts.isEmpty() ? 0 : 1;
        while (n < starts.size() && starts.get(n) - starts.get(n - 1) < Duration.ofMillis(900).toNanos()) {
            n++;
        }
        return n;
    }

    private dev.cachewarden.store.Store counting(AtomicInteger transactions) {
        return new dev.cachewarden.store.Store() {
            @Override
            public <T> T inTransaction(Work<T> work) {
                transactionStarts.add(System.nanoTime());
                transactions.incrementAndGet();
                return store.inTransaction(work);
            }

            @Override
            public <T> T readSnapshot(Work<T> work) {
                transactionStarts.add(System.nanoTime());
                transactions.incrementAndGet();
                return store.readSnapshot(work);
            }

            @Override
            public boolean exclusive() {
                return store.exclusive();
            }

            @Override
            public void close() {
                store.close();
            }
        };
    }

    private void enqueue(String... resourceIds) {
        long now = System.currentTimeMillis();
        store.inTransaction(tx -> {
            for (String id : resourceIds) {
                tx.tasks().enqueue(TaskKind.USER_GROUP_MODIFY, id, now);
            }
            return null;
        });
    }
}
