package dev.cachewarden.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.e2e.Sdk;
import dev.cachewarden.junit.Cachewarden;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;

/**
 * bin/cachewarden makes its start-up cache on the first serve, starts from it on the second, and still
 * starts when the cache file is corrupt. Runs the real launcher (and so needs target/cachewarden.jar).
 */
class LauncherAotCacheIT {
    private static final Path LAUNCHER = Path.of("bin", "cachewarden").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void theFirstStartMakesTheCacheTheSecondUsesItACorruptOneStillStarts() throws Exception {
        Path cacheDir = dir.resolve("aot");

        String first = serveAndAnswer("first");
        assertThat(first).contains("making the start-up cache").contains("start-up cache made");
        List<Path> caches = caches(cacheDir);
        assertThat(caches).hasSize(1);
        long made = Files.getLastModifiedTime(caches.get(0)).toMillis();

        String second = serveAndAnswer("second");
        assertThat(second).doesNotContain("making the start-up cache");
        assertThat(lastCommandLine).contains("-XX:AOTCache=" + caches.get(0));
        // The jar on the class path, not -jar: -jar read its 21,000-entry central directory twice.
        assertThat(lastCommandLine).contains(" -cp ").contains("cachewarden.jar dev.cachewarden.server.Main serve ")
                .doesNotContain(" -jar ");
        assertThat(Files.getLastModifiedTime(caches.get(0)).toMillis()).as("not made again").isEqualTo(made);

        Files.write(caches.get(0), new byte[4096]); // zeros: a bad magic number
        serveAndAnswer("corrupt");
        assertThat(lastCommandLine).contains("-XX:AOTCache=" + caches.get(0));
    }

    private String lastCommandLine = "";

    /** Runs bin/cachewarden serve, waits for a signed DescribeUsers to succeed, stops it; returns its log. */
    private String serveAndAnswer(String label) throws Exception {
        Path portFile = dir.resolve(label + ".port");
        Path log = dir.resolve(label + ".log");
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "serve", "--bind", "127.0.0.1",
                "--port", "0", "--port-file", portFile.toString(), "--data-dir", dir.resolve("data-" + label).toString(),
                "--stop-nodes-on-exit").redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("CACHEWARDEN_"));
        builder.environment().put("CACHEWARDEN_ACCESS_KEY_ID", Cachewarden.DEFAULT_ACCESS_KEY_ID);
        builder.environment().put("CACHEWARDEN_SECRET_ACCESS_KEY", Cachewarden.DEFAULT_SECRET_ACCESS_KEY);
        builder.environment().put("CACHEWARDEN_AOT_DIR", dir.resolve("aot").toString());
        Process server = builder.start();
        try {
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!server.isAlive()) {
                    throw new IllegalStateException(label + " exited:\n" + Files.readString(log));
                }
                return Files.exists(portFile) && !Files.readString(portFile).isBlank();
            });
            // The launcher has exec'd java by now: same PID, its command line is the JVM's.
            lastCommandLine = Files.readString(Path.of("/proc/" + server.pid() + "/cmdline")).replace('\0', ' ');
            int port = Integer.parseInt(Files.readString(portFile).trim());
            try (ElastiCacheClient ec = Sdk.client(URI.create("http://127.0.0.1:" + port))) {
                assertThat(ec.describeUsers(r -> r.userId("default")).users()).hasSize(1);
            }
        } finally {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        return Files.readString(log);
    }

    private static List<Path> caches(Path cacheDir) throws IOException {
        try (Stream<Path> files = Files.list(cacheDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".aot")).toList();
        }
    }
}
