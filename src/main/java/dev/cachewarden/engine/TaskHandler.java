package dev.cachewarden.engine;

import dev.cachewarden.store.TaskQueue.Task;
import dev.cachewarden.store.Transaction;
import java.util.List;

/** Completes one claimed task, or throws so that the worker retries it with backoff. */
@FunctionalInterface
public interface TaskHandler {
    void handle(Task task);

    /**
     * Completes, inside {@code tx} and in the given order, those of {@code tasks} that need nothing but
     * the store (no node to change), removing their tasks in {@code tx} too; @return the ones it
     * completed. A task left out goes to {@link #handle}, and so does every later task of the same
     * resource, so that one resource's tasks still complete in order. Throwing rolls {@code tx} back
     * and the worker falls back to {@link #handle} for each task. By default none is completed here.
     */
    default List<Task> completeInStore(Transaction tx, List<Task> tasks) {
        return List.of();
    }

    /**
     * Reads, inside the claiming transaction {@code tx}, what handling {@code task} needs from the store,
     * so that handling it opens no transaction of its own just to read; @return the handling, which
     * completes the task or throws like {@link #handle}. The state read is what was committed before
     * the claim, the task's own change included. By default it reads nothing: {@link #handle} later.
     */
    default Runnable prepare(Transaction tx, Task task) {
        return () -> handle(task);
    }

    /**
     * {@code task} has just failed for the {@code attempts}-th time with {@code cause}: whether this
     * handler ended it for good instead of a retry (its resource put in a terminal state, the task
     * removed). By default a task is retried for ever.
     */
    default boolean abandon(Task task, int attempts, Exception cause) {
        return false;
    }
}
