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

    void complete(long taskId);

    /** Puts a failed task back, due again at {@code dueAtMillis}. */
    void retryAt(long taskId, long dueAtMillis);

    /** The earliest due time of any task, for the worker to sleep until. */
    java.util.OptionalLong nextDue();

    record Task(long id, TaskKind kind, String resourceId, int attempts) {}
}
