package dev.cachewarden.caches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.engine.node.NodeSupervisor;
import dev.cachewarden.junit.Cachewarden;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/**
 * Issue 10, item 2: without automatic failover, a primary killed with SIGKILL is restarted by the
 * supervisor from its append-only file, loaded before anyone (its replica included) is served:
 * every write it acknowledged is back on it, and the replica, which resyncs from it, is not wiped.
 */
class PrimaryCrashIT {
    @Test
    void aKilledPrimaryComesBackWithItsDataAndItsReplicaKeepsIt() throws Exception {
        try (Cachewarden cw = Cachewarden.builder().temporaryDataDir().reconcileInterval(Duration.ofSeconds(1)).start()) {
            ElastiCacheClient ec = cw.client();
            ReplicationGroup rg = TlsGroups.createWithUserGroup(ec, "rg", 2);
            List<String> ids = TlsGroups.memberIds(rg);
            List<Integer> ports = TlsGroups.memberPorts(rg);
            String primaryId = rg.nodeGroups().get(0).nodeGroupMembers().stream()
                    .filter(m -> m.currentRole().equals("primary")).findFirst().orElseThrow().cacheClusterId();
            int replicaPort = ports.get(ids.indexOf(primaryId) == 0 ? 1 : 0);
            NodeSupervisor supervisor = cw.server().nodes().supervisor();

            try (RedisProbe redis = new RedisProbe(cw.server().nodes().caCertificate())) {
                List<Integer> acknowledged;
                try (AckedWriter writer = new AckedWriter(redis, TlsGroups.primaryPort(rg), TlsGroups.USER,
                        TlsGroups.PASSWORD, "k")) {
                    writer.awaitMore(1_000, Duration.ofSeconds(30));
                    long pid = supervisor.pid(primaryId).orElseThrow();
                    // Mid-stream, no WAIT, no pause: every SET answered OK so far must survive.
                    NodeProcesses.kill9(pid);
                    acknowledged = writer.stop();
                    await().atMost(Duration.ofSeconds(30)).until(
                            () -> supervisor.pid(primaryId).filter(p -> p != pid).isPresent());
                }
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> redis.canAuthenticate(
                        TlsGroups.primaryPort(rg), true, TlsGroups.USER, TlsGroups.PASSWORD));
                assertThat(AckedWriter.missing(redis, TlsGroups.primaryPort(rg), TlsGroups.USER, TlsGroups.PASSWORD,
                        "k", acknowledged)).as("lost on the primary, of %d", acknowledged.size()).isEmpty();

                // The replica resynchronised from the restarted primary: with its data, not an empty copy.
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                    try (StatefulRedisConnection<String, String> c = redis.connect(replicaPort, true, TlsGroups.USER,
                            TlsGroups.PASSWORD)) {
                        String info = c.sync().info("replication");
                        return info.contains("master_link_status:up") && c.sync().dbsize() >= acknowledged.size();
                    }
                });
                assertThat(AckedWriter.missing(redis, replicaPort, TlsGroups.USER, TlsGroups.PASSWORD, "k",
                        acknowledged)).as("lost on the replica, of %d", acknowledged.size()).isEmpty();
            }
        }
    }
}
