package dev.cachewarden.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;

/**
 * The extension's cleanup, driven by hand as JUnit would after a failed test: what a server left
 * behind (itself still running, or nodes it no longer watches because it was killed with SIGKILL)
 * is stopped, and the work dir is removed.
 */
class ServerProcessExtensionIT {
    private static final Pattern STARTED = Pattern.compile("started node rg-001 .*?\\(pid (\\d+),");

    @Test
    void aServerLeftRunningIsClosedAndItsNodesStopped() throws Exception {
        ServerProcessExtension extension = ServerProcessExtension.withOptions();
        extension.beforeEach(null);
        Path work = extension.work();
        ServerProcess server = extension.start();
        long node = createNode(server);

        extension.afterEach(null);

        assertThat(running(server.pid())).as("server").isFalse();
        assertThat(running(node)).as("node").isFalse();
        assertThat(work).doesNotExist();
    }

    @Test
    void nodesOfAnInMemoryServerKilledWithSigkillAreStopped() throws Exception {
        ServerProcessExtension extension = ServerProcessExtension.withOptions("--in-memory");
        extension.beforeEach(null);
        long node = createNode(extension.start());
        extension.kill();
        // No shutdown hook ran: the node outlives its server, and only the cleanup can stop it.
        assertThat(running(node)).as("node after the server's SIGKILL").isTrue();

        extension.afterEach(null);

        assertThat(running(node)).as("node after the cleanup").isFalse();
    }

    /** A one-node group; returns its node's PID, as the server logged it. */
    private static long createNode(ServerProcess server) throws IOException {
        ElastiCacheClient ec = server.client();
        ec.createReplicationGroup(r -> r.replicationGroupId("rg").replicationGroupDescription("cleanup")
                .numCacheClusters(1));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> ec
                .describeReplicationGroups(r -> r.replicationGroupId("rg")).replicationGroups().get(0).status()
                .equals("available"));
        Matcher started = STARTED.matcher(server.log());
        assertThat(started.find()).as("node start in the log").isTrue();
        long pid = Long.parseLong(started.group(1));
        assertThat(running(pid)).as("node after its start").isTrue();
        return pid;
    }

    /** Exists and is no zombie (a killed node is not our child; it may wait a while to be reaped). */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }
}
