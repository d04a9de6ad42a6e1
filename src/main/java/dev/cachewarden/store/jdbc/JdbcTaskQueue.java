package dev.cachewarden.store.jdbc;

import dev.cachewarden.store.TaskGoneException;
import dev.cachewarden.store.TaskKind;
import dev.cachewarden.store.TaskQueue;
import java.util.List;
import java.util.OptionalLong;

final class JdbcTaskQueue implements TaskQueue {
    private final Jdbc jdbc;

    JdbcTaskQueue(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void enqueue(TaskKind kind, String resourceId, long dueAtMillis) {
        jdbc.update("INSERT INTO tasks (kind, resource_id, due_at, attempts) VALUES (?, ?, ?, 0)",
                kind.name(), resourceId, dueAtMillis);
    }

    @Override
    public List<Task> claimDue(long nowMillis, long leaseUntilMillis, int limit) {
        List<Task> due = jdbc.query("SELECT task_id, kind, resource_id, attempts FROM tasks "
                        + "WHERE due_at <= ? AND (lease_until IS NULL OR lease_until <= ?) "
                        + "ORDER BY due_at, task_id FETCH FIRST " + limit + " ROWS ONLY FOR UPDATE SKIP LOCKED",
                rs -> new Task(rs.getLong(1), TaskKind.valueOf(rs.getString(2)), rs.getString(3), rs.getInt(4)),
                nowMillis, nowMillis);
        for (Task task : due) {
            jdbc.update("UPDATE tasks SET lease_until = ? WHERE task_id = ?", leaseUntilMillis, task.id());
        }
        return due;
    }

    @Override
    public List<Task> due(long nowMillis, int limit) {
        return jdbc.query("SELECT task_id, kind, resource_id, attempts FROM tasks "
                        + "WHERE due_at <= ? AND (lease_until IS NULL OR lease_until <= ?) "
                        + "ORDER BY due_at, task_id FETCH FIRST " + limit + " ROWS ONLY",
                rs -> new Task(rs.getLong(1), TaskKind.valueOf(rs.getString(2)), rs.getString(3), rs.getInt(4)),
                nowMillis, nowMillis);
    }

    @Override
    public void complete(long taskId) {
        if (jdbc.update("DELETE FROM tasks WHERE task_id = ?", taskId) == 0) {
            throw new TaskGoneException(taskId);
        }
    }

    @Override
    public int releaseAllLeases() {
        return jdbc.update("UPDATE tasks SET lease_until = NULL WHERE lease_until IS NOT NULL");
    }

    @Override
    public void release(long taskId) {
        jdbc.update("UPDATE tasks SET lease_until = NULL WHERE task_id = ?", taskId);
    }

    @Override
    public void retryAt(long taskId, long dueAtMillis) {
        jdbc.update("UPDATE tasks SET due_at = ?, attempts = attempts + 1, lease_until = NULL WHERE task_id = ?",
                dueAtMillis, taskId);
    }

    @Override
    public OptionalLong nextDue() {
        // A leased task is claimable when its lease runs out, not when it fell due.
        return jdbc.queryOne("SELECT MIN(CASE WHEN lease_until > due_at THEN lease_until ELSE due_at END) FROM tasks",
                rs -> {
            long v = rs.getLong(1);
            return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
        }).orElse(OptionalLong.empty());
    }

    @Override
    public OptionalLong nextDueAfter(long nowMillis) {
        return jdbc.queryOne("SELECT MIN(CASE WHEN lease_until > due_at THEN lease_until ELSE due_at END) FROM tasks "
                        + "WHERE due_at > ? OR lease_until > ?",
                rs -> {
            long v = rs.getLong(1);
            return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
        }, nowMillis, nowMillis).orElse(OptionalLong.empty());
    }

    @Override
    public Backlog backlog() {
        return jdbc.queryOne("SELECT COUNT(*), MIN(due_at) FROM tasks", rs -> new Backlog(rs.getLong(1), rs.getLong(2)))
                .orElse(new Backlog(0, 0));
    }
}
