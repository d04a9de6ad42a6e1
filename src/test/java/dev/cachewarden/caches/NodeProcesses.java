package dev.cachewarden.caches;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The node processes of a data dir, as their pid files name them; for tests that outlive cachewarden. */
final class NodeProcesses {
    private NodeProcesses() {}

    /** The PID in {@code <data>/nodes/<id>/redis.pid}, if the file is there. */
    static Optional<Long> pid(Path dataDir, String cacheClusterId) {
        try {
            return Optional.of(Long.parseLong(Files.readString(dataDir.resolve("nodes").resolve(cacheClusterId)
                    .resolve("redis.pid")).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Each node's PID, by its id; every pid file must be there. */
    static java.util.Map<String, Long> pids(Path dataDir, java.util.List<String> cacheClusterIds) {
        java.util.Map<String, Long> pids = new java.util.LinkedHashMap<>();
        for (String id : cacheClusterIds) {
            pids.put(id, pid(dataDir, id).orElseThrow(() -> new IllegalStateException("no pid file for node " + id)));
        }
        return pids;
    }

    /**
     * Running: not gone, and not a zombie waiting for init to reap it (isAlive counts one alive; a node
     * is a daemon, not our child, and cachewarden counts it stopped once it has exited).
     */
    static boolean alive(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false; // reaped meanwhile
        }
    }

    static void kill9(long pid) throws Exception {
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();
        handle.destroyForcibly();
        handle.onExit().get(10, TimeUnit.SECONDS);
    }

    /**
     * Stops whatever redis-server still runs from the data dir's node directories (checked by its
     * working directory, so a reused PID is left alone): tests that keep nodes past cachewarden
     * clean up after themselves.
     */
    static void stopAll(Path dataDir) {
        Path nodes = dataDir.resolve("nodes");
        if (!Files.isDirectory(nodes)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(nodes)) {
            for (Path dir : dirs.toList()) {
                pid(dataDir, dir.getFileName().toString()).flatMap(ProcessHandle::of).ifPresent(p -> {
                    try {
                        Path cwd = Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd"));
                        if (cwd.equals(dir.toRealPath())) {
                            p.destroyForcibly();
                            p.onExit().get(10, TimeUnit.SECONDS);
                        }
                    } catch (Exception ignored) {
                        // gone already
                    }
                });
            }
        } catch (IOException ignored) {
            // nothing to clean
        }
    }

    static List<String> directories(Path dataDir) throws IOException {
        Path nodes = dataDir.resolve("nodes");
        if (!Files.isDirectory(nodes)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(nodes)) {
            return dirs.map(d -> d.getFileName().toString()).sorted().toList();
        }
    }
}
