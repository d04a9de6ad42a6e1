package dev.cachewarden.caches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.junit.Cachewarden;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/**
 * The in-process server's node lifetime: by default a test's server stops its nodes at close (no
 * test leaves processes behind); with {@code keepNodesOnExit()} they outlive it and the next server
 * on the same data dir adopts them, data and PID unchanged.
 */
class KeepNodesOnExitIT {
    @TempDir
    Path data;

    @AfterEach
    void cleanUp() {
        NodeProcesses.stopAll(data);
    }

    @Test
    void keptNodesAreAdoptedByTheNextServerAndDefaultNodesStopWithIt() throws Exception {
        ReplicationGroup rg;
        long pid;
        try (Cachewarden first = server().keepNodesOnExit().start()) {
            rg = TlsGroups.createWithUserGroup(first.client(), "rg", 1);
            pid = first.server().nodes().supervisor().pid("rg-001").orElseThrow();
            write(rg, "k", "before the restart");
        }
        assertThat(NodeProcesses.alive(pid)).as("node after close with keepNodesOnExit").isTrue();

        try (Cachewarden second = server().start()) {
            assertThat(second.server().nodes().supervisor().pid("rg-001")).contains(pid);
            try (RedisProbe redis = new RedisProbe(data.resolve("tls/ca.crt"))) {
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                    try (StatefulRedisConnection<String, String> c = redis.connect(TlsGroups.primaryPort(rg), true,
                            TlsGroups.USER, TlsGroups.PASSWORD)) {
                        return "before the restart".equals(c.sync().get("k"));
                    }
                });
            }
        }
        assertThat(NodeProcesses.alive(pid)).as("node after close by default").isFalse();
    }

    private Cachewarden.Builder server() {
        return Cachewarden.builder().dataDir(data).reconcileInterval(Duration.ofSeconds(1));
    }

    private void write(ReplicationGroup rg, String key, String value) {
        try (RedisProbe redis = new RedisProbe(data.resolve("tls/ca.crt"))) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                try (StatefulRedisConnection<String, String> c = redis.connect(TlsGroups.primaryPort(rg), true,
                        TlsGroups.USER, TlsGroups.PASSWORD)) {
                    return "OK".equals(c.sync().set(key, value));
                }
            });
        }
    }
}
