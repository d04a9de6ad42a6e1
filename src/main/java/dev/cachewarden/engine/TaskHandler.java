package dev.cachewarden.engine;

import dev.cachewarden.store.TaskQueue.Task;

/** Completes one claimed task, or throws so that the worker retries it with backoff. */
@FunctionalInterface
public interface TaskHandler {
    void handle(Task task);
}
