package dev.cachewarden.caches;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.durability.ServerProcess;
import dev.cachewarden.durability.ServerProcessExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/**
 * Issue 10: the nodes live apart from cachewarden. A client writes through the front (TLS) while
 * cachewarden is killed with SIGKILL, or stopped with SIGTERM, and started again on the same data
 * dir: the nodes keep their PIDs (adopted, not restarted), the client only reconnects, and every
 * write acknowledged before, during and after is there.
 */
class DetachedNodesIT {
    @RegisterExtension
    final ServerProcessExtension cachewarden = ServerProcessExtension.withOptions("--reconcile-interval", "1s");

    @Test
    void killNineOfCachewardenLosesNoAcknowledgedWrite() throws Exception {
        restartWhileWriting(true);
    }

    @Test
    void sigtermOfCachewardenLeavesTheNodesRunning() throws Exception {
        restartWhileWriting(false);
    }

    @Test
    void stopNodesOnExitAndInMemoryStopTheNodesWithCachewarden() throws Exception {
        // The fixture's --data-dir goes unused with --in-memory.
        for (List<String> options : List.of(List.of("--in-memory"), List.of("--stop-nodes-on-exit"))) {
            ServerProcess server = cachewarden.start(options.toArray(String[]::new));
            TlsGroups.createWithUserGroup(server.client(), "rg", 2);
            java.util.regex.Matcher started = java.util.regex.Pattern.compile("started node rg-00\\d .*?\\(pid (\\d+),")
                    .matcher(server.log());
            List<Long> pids = new java.util.ArrayList<>();
            while (started.find()) {
                pids.add(Long.parseLong(started.group(1)));
            }
            assertThat(pids).as("nodes started with %s", options).hasSize(2).allMatch(NodeProcesses::alive);
            assertThat(cachewarden.terminate()).isZero();
            assertThat(pids).as("nodes after SIGTERM with %s", options).noneMatch(NodeProcesses::alive);
        }
    }

    private void restartWhileWriting(boolean kill) throws Exception {
        Path data = cachewarden.data();
        ServerProcess server = cachewarden.start();
        ReplicationGroup rg = TlsGroups.createWithUserGroup(server.client(), "rg", 2);
        List<String> ids = TlsGroups.memberIds(rg);
        Map<String, Long> pids = NodeProcesses.pids(data, ids);

        try (RedisProbe redis = new RedisProbe(data.resolve("tls/ca.crt"));
             AckedWriter writer = new AckedWriter(redis, TlsGroups.primaryPort(rg), TlsGroups.USER, TlsGroups.PASSWORD, "k")) {
            writer.awaitMore(200, Duration.ofSeconds(20));
            if (kill) {
                cachewarden.kill();
            } else {
                assertThat(cachewarden.terminate()).isZero();
            }
            // cachewarden is gone; its nodes are not.
            assertThat(pids.values()).allMatch(NodeProcesses::alive);

            server = cachewarden.start();
            writer.awaitMore(200, Duration.ofSeconds(60));
            List<Integer> acknowledged = writer.stop();
            // The front went away with cachewarden: the client saw it, and reconnected to the same port.
            assertThat(writer.failures()).isPositive();
            System.out.printf("%s: %d writes acknowledged, %d failed attempts across the restart%n",
                    kill ? "kill -9" : "SIGTERM", acknowledged.size(), writer.failures());

            assertThat(server.log()).contains("adopted node " + ids.get(0)).contains("adopted node " + ids.get(1));
            for (String id : ids) {
                assertThat(NodeProcesses.pid(data, id)).as("pid of %s", id).contains(pids.get(id));
                assertThat(NodeProcesses.alive(pids.get(id))).isTrue();
            }
            assertThat(AckedWriter.missing(redis, TlsGroups.primaryPort(rg), TlsGroups.USER, TlsGroups.PASSWORD, "k",
                    acknowledged)).as("acknowledged writes missing of %d", acknowledged.size()).isEmpty();
        }
    }
}
