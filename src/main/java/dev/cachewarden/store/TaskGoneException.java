package dev.cachewarden.store;

/** The task to complete is gone: another worker completed it first. */
public final class TaskGoneException extends RuntimeException {
    public TaskGoneException(long taskId) {
        super("task " + taskId + " was already completed by another worker");
    }
}
