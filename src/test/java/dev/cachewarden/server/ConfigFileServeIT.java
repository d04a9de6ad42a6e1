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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;

/** The config file in a real server process, beside its real environment. */
class ConfigFileServeIT {
    @TempDir
    Path dir;

    private Process start(Map<String, String> env, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1",
                "dev.cachewarden.server.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("CACHEWARDEN_"));
        builder.environment().put("CACHEWARDEN_ACCESS_KEY_ID", Cachewarden.DEFAULT_ACCESS_KEY_ID);
        builder.environment().put("CACHEWARDEN_SECRET_ACCESS_KEY", Cachewarden.DEFAULT_SECRET_ACCESS_KEY);
        builder.environment().putAll(env);
        return builder.start();
    }

    @Test
    void theFileSetsWhatNoVariableOrFlagSets() throws Exception {
        Path portFile = dir.resolve("port");
        Path config = dir.resolve("cachewarden.toml");
        Files.writeString(config, """
                # Only the file says where to listen and to keep state in memory.
                port = 0
                port-file = "%s"
                in-memory = true
                account-id = "111111111111"
                region = "us-east-1"
                """.formatted(portFile));
        Path log = dir.resolve("server.log");
        // The variable beats the file's account; the flag beats the variable's region.
        Process server = start(Map.of("CACHEWARDEN_ACCOUNT_ID", "222222222222", "CACHEWARDEN_REGION", "eu-west-1"),
                log, "serve", "--config", config.toString(), "--region", "us-east-1");
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!server.isAlive()) {
                    throw new IllegalStateException("server exited:\n" + Files.readString(log));
                }
                return Files.exists(portFile);
            });
            int port = Integer.parseInt(Files.readString(portFile).trim());
            try (ElastiCacheClient ec = Sdk.client(URI.create("http://127.0.0.1:" + port))) {
                String arn = ec.describeUsers(r -> r.userId("default")).users().get(0).arn();
                assertThat(arn).isEqualTo("arn:aws:elasticache:us-east-1:222222222222:user:default");
            }
            assertThat(Files.exists(dir.resolve("cachewarden-data"))).as("in-memory from the file").isFalse();
        } finally {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void anUnknownKeyStopsTheStartWithStatusTwoAndAMessage() throws Exception {
        Path config = dir.resolve("typo.toml");
        Files.writeString(config, "port = 0\nreconcile-intervall = \"5s\"\n");
        Path log = dir.resolve("typo.log");
        Process server = start(Map.of(), log, "serve", "--config", config.toString());
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(server.exitValue()).isEqualTo(2);
        assertThat(Files.readString(log)).contains("config file " + config + ": unknown key 'reconcile-intervall'");
    }

    @Test
    void aBadValueInTheVariableNamedFileStopsTheStart() throws Exception {
        Path config = dir.resolve("bad.toml");
        Files.writeString(config, "max-connections = \"many\"\n");
        Path log = dir.resolve("bad.log");
        Process server = start(Map.of("CACHEWARDEN_CONFIG", config.toString()), log, "serve");
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(server.exitValue()).isEqualTo(2);
        assertThat(Files.readString(log)).contains(config + ": key 'max-connections': \"many\" is not a whole number");
    }
}
