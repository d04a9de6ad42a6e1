package dev.cachewarden.engine.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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
            Optional<ProcessHandle> process = ProcessHandle.of(info.get().processId()).filter(NodeIdentity::running);
            if (process.isPresent()) {
                return new Answering(process.get(), info.get());
            }
        }
        Optional<ProcessHandle> byFile = NodeRecord.pid(dir).flatMap(ProcessHandle::of).filter(NodeIdentity::running);
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

    /**
     * Whether the process still runs. A node is a daemon: once it exits, it waits as a zombie until
     * init (or a subreaper) reaps it, and {@link ProcessHandle#isAlive} counts a zombie as alive. Some
     * container inits reap every 2 s or so, and where cachewarden itself is PID 1 none ever does; a
     * node's death (the failover's trigger) and its stop waited for that. Its state in /proc/PID/stat
     * says it has exited. One read, as isAlive's own (the supervisor sweeps every node every 2 s, and
     * {@link NodeExits} asks about each node whose connection ended); the start time in it, remembered from the first look, tells the node from a later
     * process given the same PID, as isAlive does.
     */
    static boolean running(ProcessHandle process) {
        char state;
        long startTicks;
        byte[] stat = new byte[1024];
        try (java.io.FileInputStream in = new java.io.FileInputStream("/proc/" + process.pid() + "/stat")) {
            int n = in.read(stat);
            // After the command's closing parenthesis: field 3 is the state, field 22 the start time.
            // Parsed in place: a String and a split made it 1.5x isAlive's cost.
            int at = n - 1;
            while (stat[at] != ')') {
                at--;
            }
            at += 2;
            state = (char) stat[at];
            for (int field = 3; field < 22; at++) {
                if (stat[at] == ' ') {
                    field++;
                }
            }
            startTicks = 0;
            while (stat[at] >= '0' && stat[at] <= '9') {
                startTicks = 10 * startTicks + (stat[at++] - '0');
            }
        } catch (java.io.FileNotFoundException gone) {
            STARTED.remove(process);
            return false;
        } catch (IOException | RuntimeException e) {
            return process.isAlive(); // no /proc (not Linux), or reaped while being read
        }
        Long known = STARTED.get(process);
        if (known == null) {
            if (!process.isAlive()) {
                return false;
            }
            STARTED.put(process, startTicks);
        } else if (known != startTicks) {
            STARTED.remove(process); // the PID is another process's now
            return false;
        }
        if (state == 'Z' || state == 'X') {
            STARTED.remove(process);
            return false;
        }
        return true;
    }

    /**
     * {@link #running} for a process looked at again and again (the supervisor's sweep of every node
     * every 2 s): its /proc/PID/stat stays open, so a look is one read at offset 0 instead of an
     * open, a read and a close, and no start time is needed: an open stat file belongs to that process
     * (once it is reaped, a read fails with ESRCH, even if its PID is reused). Close it when the process
     * is no longer looked at.
     */
    final class StatFile implements AutoCloseable {
        private final ProcessHandle process;
        private final java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(1024);
        private java.nio.channels.FileChannel channel;

        StatFile(ProcessHandle process) {
            this.process = process;
        }

        ProcessHandle process() {
            return process;
        }

        /** Callers serialise their looks (the supervisor's watcher is the only one). */
        boolean running() {
            if (channel == null) {
                if (!NodeIdentity.running(process)) {
                    return false;
                }
                try {
                    channel = java.nio.channels.FileChannel.open(Path.of("/proc", Long.toString(process.pid()), "stat"));
                } catch (IOException | RuntimeException e) {
                    return true; // just seen running; the next look tries again
                }
            }
            try {
                buffer.clear();
                int n = channel.read(buffer, 0);
                int at = n - 1;
                while (at > 0 && buffer.get(at) != ')') {
                    at--;
                }
                char state = at > 0 && at + 2 < n ? (char) buffer.get(at + 2) : 'X';
                return state != 'Z' && state != 'X';
            } catch (IOException | RuntimeException e) {
                close(); // reaped: ESRCH
                return NodeIdentity.running(process);
            }
        }

        @Override
        public void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // a /proc file: nothing to flush
                }
                channel = null;
            }
        }
    }

    /** Start times (clock ticks after boot) of the processes {@link #running} has looked at and seen alive. */
    Map<ProcessHandle, Long> STARTED = new ConcurrentHashMap<>();

    /** SIGTERM (the node flushes its append-only file and exits), then SIGKILL if it lingers. */
    static void stop(ProcessHandle process) {
        if (!running(process)) {
            return;
        }
        process.destroy();
        try {
            if (!exited(process, 10_000)) {
                process.destroyForcibly();
                exited(process, 5_000); // if not, the kernel ends it; nothing else to do
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Polls rather than {@link ProcessHandle#onExit}, which for a process not our child sleeps 300 ms and more between looks. */
    private static boolean exited(ProcessHandle process, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (running(process)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }
}
