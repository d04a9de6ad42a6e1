package dev.cachewarden.store;

import java.util.List;

/**
 * The outbox of follow-up work: a resource's transition (creating, modifying, deleting) is enqueued
 * in the same transaction as the state change that starts it, and completed by a worker later.
 */
public interface TaskQueue {
    void enqueue(TaskKind kind, String resourceId, long dueAtMillis);

    /**
     * Leases up to {@code limit} due tasks to this caller until {@code leaseUntilMillis}; tasks leased by
     * another worker whose lease has not run out are skipped.
     */
    List<Task> claimDue(long nowMillis, long leaseUntilMillis, int limit);

    /**
     * The due tasks {@link #claimDue} would lease, without leasing them: a plain read. Only for a store
     * no other process can reach, whose one worker needs no lease to keep others off (a lease there
     * is a write, and its commit a store of the file before any node hears of the change).
     */
    List<Task> due(long nowMillis, int limit);

    /**
     * Removes a completed task, in the transaction that made its change. Fails with
     * {@link TaskGoneException} when the task is no longer there (another worker completed it after
     * this one's lease ran out), which rolls that transaction back: a task takes effect at most once.
     */
    void complete(long taskId);

    /**
     * Drops every lease. Only for a store no other process can reach (the embedded one): after a
     * restart, leases held by the previous process are known to be dead and need not run out.
     */
    int releaseAllLeases();

    /** Gives a claimed task back unchanged, claimable again at once (the claimer will not get to it soon). */
    void release(long taskId);

    /** Puts a failed task back, due again at {@code dueAtMillis}. */
    void retryAt(long taskId, long dueAtMillis);

    /** The earliest time any task can be claimed (due, and not leased), for the worker to sleep until. */
    java.util.OptionalLong nextDue();

    /**
     * {@link #nextDue} among the tasks that cannot be claimed at {@code nowMillis} (not due yet, or
     * leased): read in a claim that took every claimable task, it is when the next pass is needed, so
     * the worker needs no second, empty claim after handling them. By default every task counts (the
     * worker then claims again at once, as it did).
     */
    default java.util.OptionalLong nextDueAfter(long nowMillis) {
        return nextDue();
    }

    /** How many tasks wait and when the oldest fell due (0 without any), for the metrics. */
    Backlog backlog();

    record Backlog(long pending, long oldestDueAtMillis) {}

    record Task(long id, TaskKind kind, String resourceId, int attempts) {}
}
