package dev.cachewarden.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether one of our nodes runs from a node directory, decided without trusting a PID alone (a PID
 * read from a file may belong to any process by now). The pid file names the candidate; the node's
 * own answer on its private socket decides:
 * <ul>
 *   <li>{@link Answering}: the node answers our admin user on its private socket and names this
 *       directory's {@code node.conf} as its configuration; its own {@code process_id} is the process.</li>
 *   <li>{@link Silent}: nothing answers, but the pid file's process is a redis/valkey server whose
 *       working directory is this one (a hung or stopped node of ours): it may be stopped, never adopted.</li>
 *   <li>{@link Absent}: neither; whatever holds the pid file's PID is left alone.</li>
 * </ul>
 */
sealed interface NodeIdentity {
    record Answering(ProcessHandle process, NodeProbe.ServerInfo info) implements NodeIdentity {}

    record Silent(ProcessHandle process) implements NodeIdentity {}

    record Absent() implements NodeIdentity {}

    static NodeIdentity of(Path dir, Path socket, AdminCredentials admin) {
        Path config = dir.resolve(NodeRecord.CONFIG_FILE).toAbsolutePath().normalize();
        Optional<NodeProbe.ServerInfo> info = NodeProbe.ask(socket, admin);
        if (info.isPresent() && info.get().configFile().toAbsolutePath().normalize().equals(config)) {
            Optional<ProcessHandle> process = ProcessHandle.of(info.get().processId()).filter(ProcessHandle::isAlive);
            if (process.isPresent()) {
                return new Answering(process.get(), info.get());
            }
        }
        Optional<ProcessHandle> byFile = NodeRecord.pid(dir).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        if (byFile.isPresent() && runsFrom(byFile.get(), dir)) {
            return new Silent(byFile.get());
        }
        return new Absent();
    }

    /** A redis/valkey server whose working directory is {@code dir} (the node's {@code dir} setting). */
    private static boolean runsFrom(ProcessHandle process, Path dir) {
        boolean server = process.info().command().map(c -> c.contains("redis") || c.contains("valkey")).orElse(false);
        if (!server) {
            return false;
        }
        try {
            Path cwd = Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "cwd"));
            return cwd.equals(dir.toRealPath());
        } catch (IOException | UnsupportedOperationException e) {
            return false; // no /proc (not Linux): only a node that answers counts as ours
        }
    }

    /** SIGTERM (the node flushes its append-only file and exits), then SIGKILL if it lingers. */
    static void stop(ProcessHandle process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            process.destroyForcibly();
            try {
                process.onExit().get(5, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException ignored) {
                // the kernel ends it; nothing else to do
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
