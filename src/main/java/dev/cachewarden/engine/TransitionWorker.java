package dev.cachewarden.engine;

import dev.cachewarden.service.Transitions;
import dev.cachewarden.store.Store;
import dev.cachewarden.store.TaskGoneException;
import dev.cachewarden.store.StoreUnavailableException;
import dev.cachewarden.store.TaskQueue.Task;
import dev.cachewarden.store.Transaction;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.OptionalLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes accepted transitions when they fall due. Tasks live in the store, so a transition in
 * flight when the process stops is completed after the next start. A lease keeps two instances
 * sharing one database (PostgreSQL) from working on the same task at once; should a lease run out while its
 * holder still works (a long pause), the task's removal fails for the later of the two and rolls its
 * change back ({@link TaskGoneException}), so a task still takes effect once.
 *
 * <p>A killed process leaves its leases behind. On the embedded store, which only one process can
 * open, the next start drops them at once; on a shared PostgreSQL they run out after
 * {@link #LEASE_MILLIS}.
 */
public final class TransitionWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TransitionWorker.class);
    private static final long LEASE_MILLIS = 10_000;
    private static final long IDLE_POLL_MILLIS = 1_000;
    /** Tasks claimed per transaction; those needing only the store are completed in it too. */
    private static final int BATCH = 128;
    /**
     * Of a claim, at most this many tasks are kept for {@link TaskHandler#handle} (node work can take
     * seconds each); the rest are released at once, so their leases cannot run out while they wait.
     */
    private static final int HANDLE_BATCH = 8;
    /** Failed attempts whose WARN line carries the stack trace; later ones put it at DEBUG. */
    private static final int TRACED_ATTEMPTS = 3;
    /** The longest wait between tries while the store is unreachable. */
    private static final long OUTAGE_BACKOFF_CAP_MILLIS = 5_000;

    private final Store store;
    private final TaskHandler handler;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean wakeRequested;
    private volatile boolean running = true;
    private final Thread thread;
    private final StoreBackoff outage = new StoreBackoff(log, "transition worker", OUTAGE_BACKOFF_CAP_MILLIS);
    /** The earliest retry a failed task of this pass was put back for (Long.MAX_VALUE: none). */
    private final java.util.concurrent.atomic.AtomicLong retryDue = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);

    public TransitionWorker(Store store, Transitions transitions, Clock clock) {
        this(store, new TaskHandler() {
            @Override
            public void handle(Task task) {
                transitions.complete(task);
            }

            @Override
            public List<Task> completeInStore(Transaction tx, List<Task> tasks) {
                tasks.forEach(task -> transitions.complete(tx, task));
                return tasks;
            }
        }, clock);
    }

    /** @param handler completes a task, first making the nodes agree (caches); throws to retry */
    public TransitionWorker(Store store, TaskHandler handler, Clock clock) {
        this.store = store;
        this.handler = handler;
        this.clock = clock;
        this.thread = Thread.ofPlatform().name("transition-worker").daemon().unstarted(this::run);
    }

    public void start() {
        if (store.exclusive()) {
            int released = store.inTransaction(tx -> tx.tasks().releaseAllLeases());
            if (released > 0) {
                log.info("took back {} task lease(s) left by the previous process", released);
            }
        }
        thread.start();
    }

    /** Called after a commit that enqueued a task, so a zero-delay transition completes at once. */
    public void wake() {
        lock.lock();
        try {
            wakeRequested = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (running) {
            long sleep;
            try {
                sleep = runDueTasks();
                outage.succeeded();
            } catch (StoreUnavailableException e) {
                sleep = outage.failed(e);
            } catch (Exception e) { // checked ones rethrown unchecked by a library too: the worker must go on
                log.warn("transition worker pass failed; retrying", e);
                sleep = IDLE_POLL_MILLIS;
            }
            lock.lock();
            try {
                // A wake-up cuts a backoff short too: it follows a commit, so the store answers again.
                if (!wakeRequested && running && sleep > 0) {
                    changed.await(sleep, java.util.concurrent.TimeUnit.MILLISECONDS);
                }
                wakeRequested = false;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
        }
    }

    /** @return how long to sleep before the next pass */
    private long runDueTasks() {
        OptionalLong next = OptionalLong.empty();
        retryDue.set(Long.MAX_VALUE);
        while (running) {
            Claim claim = claim(clock.millis());
            if (claim.finished()) {
                next = claim.nextDue();
                break;
            }
            handleByResource(claim.rest());
            if (claim.nextDue().isPresent()) {
                // The claim took every claimable task and read when the next falls due: no empty claim
                // (a transaction more per change reaching nodes). A task enqueued since came with a wake().
                next = claim.nextDue();
                break;
            }
        }
        long retry = retryDue.get();
        if (retry != Long.MAX_VALUE && (next.isEmpty() || retry < next.getAsLong())) {
            next = OptionalLong.of(retry);
        }
        if (next.isEmpty()) {
            return IDLE_POLL_MILLIS;
        }
        return Math.max(1, Math.min(IDLE_POLL_MILLIS, next.getAsLong() - clock.millis()));
    }

    /** A task to handle, and its handling as {@link TaskHandler#prepare} read it in the claiming transaction. */
    private record Claimed(Task task, Runnable work) {}

    /**
     * What one claim left: the tasks still to handle, in order; when it found none, or
     * completed every task it found and no more were due, when the next one falls due (read in the
     * same transaction). With tasks to handle, {@code nextDue} is present when the claim kept every
     * claimable task: when the next task that was not claimable falls due ({@link Long#MAX_VALUE}
     * for none), so the pass ends after handling these.
     */
    private record Claim(List<Claimed> rest, OptionalLong nextDue, boolean finished) {}

    /**
     * Claims the due tasks and, in the same transaction (one commit for the lot), completes those
     * that need only the store and reads what handling the others needs, so that a change reaches the
     * nodes after one transaction, not three. On the embedded store, which no other process can open,
     * this worker is the only one: the claim leases nothing and is a plain read (a lease is a write,
     * whose commit stores the file before any node hears of the change). Should that transaction
     * fail, it claims them again and leaves every one to {@link TaskHandler#handle}, where a failing
     * task backs off alone: one bad task does not keep rolling the others back.
     */
    private Claim claim(long now) {
        boolean lease = !store.exclusive();
        try {
            return store.inTransaction(tx -> {
                List<Task> due = lease ? tx.tasks().claimDue(now, now + LEASE_MILLIS, BATCH)
                        : tx.tasks().due(now, BATCH);
                if (due.isEmpty()) {
                    return new Claim(List.of(), tx.tasks().nextDue(), true);
                }
                List<Task> rest = new ArrayList<>(due);
                rest.removeAll(handler.completeInStore(tx, due));
                if (rest.isEmpty() && due.size() < BATCH) {
                    // Every due task completed here: the next due time is read now, not by a claim of its
                    // own (a transaction more per change of a group no cache uses). A task enqueued since
                    // comes with a wake(), which starts another pass.
                    return new Claim(List.of(), tx.tasks().nextDue(), true);
                }
                List<Task> kept = rest;
                if (rest.size() > HANDLE_BATCH) {
                    // A later task of a resource kept here stays too, so that no one else completes it first.
                    kept = new ArrayList<>(rest.subList(0, HANDLE_BATCH));
                    Set<String> keptResources = new HashSet<>();
                    kept.forEach(t -> keptResources.add(t.resourceId()));
                    for (Task task : rest.subList(HANDLE_BATCH, rest.size())) {
                        if (keptResources.contains(task.resourceId())) {
                            kept.add(task);
                        } else if (lease) {
                            tx.tasks().release(task.id());
                        } // unleased, it is simply found again by the next claim
                    }
                }
                List<Claimed> prepared = new ArrayList<>();
                for (Task task : kept) {
                    prepared.add(new Claimed(task, handler.prepare(tx, task)));
                }
                // Every claimable task is kept here (fewer than a batch, none released): what falls due
                // next is what is not claimable now. Otherwise the next claim takes the rest.
                OptionalLong after = due.size() < BATCH && kept.size() == rest.size()
                        ? OptionalLong.of(tx.tasks().nextDueAfter(now).orElse(Long.MAX_VALUE)) : OptionalLong.empty();
                return new Claim(prepared, after, false);
            });
        } catch (StoreUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            log.warn("completing transitions together failed; completing them one at a time", e);
            List<Task> due = store.inTransaction(tx -> lease
                    ? tx.tasks().claimDue(now, now + LEASE_MILLIS, HANDLE_BATCH) : tx.tasks().due(now, HANDLE_BATCH));
            return new Claim(due.stream().map(t -> new Claimed(t, () -> handler.handle(t))).toList(),
                    OptionalLong.empty(), due.isEmpty());
        }
    }

    /**
     * Handles the tasks of different resources at once, each resource's in order: a cache's creation
     * waits seconds for its replicas to sync, and caches created together should not queue behind
     * each other (20 caches took 100 s one by one). The engine serialises work per cache and per node.
     */
    private void handleByResource(List<Claimed> tasks) {
        java.util.Map<String, List<Claimed>> byResource = new java.util.LinkedHashMap<>();
        tasks.forEach(t -> byResource.computeIfAbsent(t.task().resourceId(), k -> new ArrayList<>()).add(t));
        if (byResource.size() <= 1) {
            tasks.forEach(this::handle);
            return;
        }
        List<java.util.concurrent.Future<?>> running = new ArrayList<>();
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            byResource.values().forEach(list -> running.add(threads.submit(() -> list.forEach(this::handle))));
        }
        for (java.util.concurrent.Future<?> f : running) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r; // a store outage: the worker backs off as before
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void handle(Claimed claimed) {
        Task task = claimed.task();
        try {
            claimed.work().run();
        } catch (TaskGoneException e) {
            log.debug("transition {} of {} was completed by another worker", task.kind(), task.resourceId());
        } catch (StoreUnavailableException e) {
            // Not the task's fault: it keeps its attempts and is claimable again when its lease runs out
            // (at once on the embedded store, after the worker's backoff).
            throw e;
        } catch (Exception e) { // also what a library rethrows unchecked (a bind's IOException): a retry, never the worker's end
            int attempt = task.attempts() + 1;
            if (abandoned(task, attempt, e)) {
                return;
            }
            long backoff = backoff(task.attempts());
            if (attempt <= TRACED_ATTEMPTS) {
                log.warn("transition {} of {} failed (attempt {}): {}; retrying in {} ms", task.kind(),
                        task.resourceId(), attempt, cause(e), backoff, e);
            } else {
                // A cache failing for minutes: one line per attempt, its trace only for whoever asks.
                log.warn("transition {} of {} failed (attempt {}): {}; retrying in {} ms", task.kind(),
                        task.resourceId(), attempt, cause(e), backoff);
                log.debug("transition {} of {} failed (attempt {})", task.kind(), task.resourceId(), attempt, e);
            }
            long due = clock.millis() + backoff;
            store.inTransaction(tx -> {
                tx.tasks().retryAt(task.id(), due);
                return null;
            });
            retryDue.accumulateAndGet(due, Math::min);
        }
    }

    /** The wait after a task's {@code failures}-th failure (0-based): 250 ms doubling, at most a minute. */
    public static long backoff(int failures) {
        return Math.min(60_000, 250L << Math.min(failures, 8));
    }

    /** Whether the handler ended the task for good after this failure; if it cannot now, a retry as usual. */
    private boolean abandoned(Task task, int attempt, Exception cause) {
        try {
            return handler.abandon(task, attempt, cause);
        } catch (TaskGoneException e) {
            return true; // another worker completed it meanwhile
        } catch (StoreUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            log.warn("cannot end transition {} of {} after {} failed attempts; retrying it: {}", task.kind(),
                    task.resourceId(), attempt, cause(e));
            return false;
        }
    }

    /**
     * What went wrong, on one line: the exception's message, and its root cause's when that says
     * something more (a node's start failure carries the tail of the node's log).
     */
    public static String cause(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
            message += " (" + root.getMessage() + ")";
        }
        return message;
    }

    @Override
    public void close() {
        running = false;
        wake();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
