package dev.cachewarden.engine.node;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts one node detached from cachewarden: the engine daemonizes itself ({@code daemonize yes}:
 * it forks, leaves cachewarden's session and process group with {@code setsid}, and writes its pid
 * file), so neither a SIGTERM nor a {@code kill -9} of cachewarden, nor a terminal's signals, reach it.
 * Returns once the node answers as itself and has loaded its data: until then it is nobody's source.
 */
final class NodeLauncher {
    /** To answer at all; a node that answers and is still loading its data gets {@link #LOAD_TIMEOUT_MILLIS}. */
    private static final long START_TIMEOUT_MILLIS = 10_000;
    private static final long LOAD_TIMEOUT_MILLIS = 600_000;

    /** What redis-server and valkey-server log when a port they must listen on is held by another process. */
    static final String ADDRESS_IN_USE = "Address already in use";

    private NodeLauncher() {}

    /** The node could not listen on one of its ports: another process holds it ({@link NodeStart} moves it). */
    static final class PortInUse extends IllegalStateException {
        PortInUse(String message) {
            super(message);
        }
    }

    static ProcessHandle launch(EngineBinary engine, NodeRecord record, Path dir, String config,
                                AdminCredentials admin) {
        String id = record.spec().cacheClusterId();
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Files.deleteIfExists(record.socket());
            Files.deleteIfExists(dir.resolve(NodeRecord.PID_FILE));
            Path conf = dir.resolve(NodeRecord.CONFIG_FILE).toAbsolutePath();
            dev.cachewarden.secrets.SecretFiles.write(conf, config);
            Files.deleteIfExists(dir.resolve("redis.log"));
            // The foreground process only parses the configuration, forks the node and exits.
            Process parent = new ProcessBuilder(engine.path().toString(), conf.toString())
                    .directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile())
                    .start();
            if (!parent.waitFor(START_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                parent.destroyForcibly();
                throw new IllegalStateException("node " + id + " did not daemonize: " + logTail(dir));
            }
            if (parent.exitValue() != 0) {
                failIfPortInUse(id, dir);
                throw new IllegalStateException("node " + id + " exited at start (code " + parent.exitValue()
                        + "): " + logTail(dir));
            }
            ProcessHandle node = awaitLoaded(id, dir, conf, record.socket(), admin);
            record.write(dir);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node " + id, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting node " + id, e);
        }
    }

    private static ProcessHandle awaitLoaded(String id, Path dir, Path conf, Path socket, AdminCredentials admin) {
        long started = System.currentTimeMillis();
        long deadline = started + START_TIMEOUT_MILLIS;
        for (int round = 0; System.currentTimeMillis() < deadline; round++) {
            Optional<ProcessHandle> byPidFile = NodeRecord.pid(dir).flatMap(ProcessHandle::of);
            if (byPidFile.isPresent() && !NodeIdentity.running(byPidFile.get())) {
                failIfPortInUse(id, dir);
                throw new IllegalStateException("node " + id + " exited at start: " + logTail(dir));
            }
            if (round % 8 == 7) {
                // A daemonized node that cannot bind dies before it writes its pid file: said at once, not
                // after the whole start timeout.
                failIfPortInUse(id, dir);
            }
            Optional<NodeProbe.ServerInfo> info = NodeProbe.ask(socket, admin)
                    .filter(i -> i.configFile().toAbsolutePath().normalize().equals(conf.normalize()));
            if (info.isPresent()) {
                Optional<ProcessHandle> node = ProcessHandle.of(info.get().processId());
                if (node.isEmpty()) {
                    throw new IllegalStateException("node " + id + " exited at start: " + logTail(dir));
                }
                if (!info.get().loading()) {
                    return node.get();
                }
                // Loading its append-only file: as long as that takes, within reason.
                deadline = Math.max(deadline, started + LOAD_TIMEOUT_MILLIS);
            }
            sleep(25);
        }
        switch (NodeIdentity.of(dir, socket, admin)) {
            case NodeIdentity.Answering a -> NodeIdentity.stop(a.process());
            case NodeIdentity.Silent s -> NodeIdentity.stop(s.process());
            case NodeIdentity.Absent a -> { }
        }
        throw new IllegalStateException("node " + id + " did not become ready on " + socket + ": " + logTail(dir));
    }

    private static void failIfPortInUse(String id, Path dir) {
        String tail = logTail(dir);
        if (tail.contains(ADDRESS_IN_USE)) {
            throw new PortInUse("node " + id + " cannot listen: " + tail);
        }
    }

    static String logTail(Path dir) {
        for (String name : new String[] {"redis.log", "stdout.log"}) {
            try {
                List<String> lines = Files.readAllLines(dir.resolve(name), StandardCharsets.UTF_8);
                if (!lines.isEmpty()) {
                    return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
                }
            } catch (IOException ignored) {
                // try the next log
            }
        }
        return "(no log)";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
