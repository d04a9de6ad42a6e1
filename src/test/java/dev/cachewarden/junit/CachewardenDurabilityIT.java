package dev.cachewarden.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.e2e.Await;
import dev.cachewarden.e2e.NodeAdmin;
import dev.cachewarden.store.jdbc.Durability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/** The builder's {@code durability}: what the cache nodes' append-only files are told to do. */
class CachewardenDurabilityIT {

    @Test
    void powerLossMakesEveryNodeFsyncBeforeItsReply() throws Exception {
        assertThat(appendfsync(Cachewarden.builder().durability(Durability.POWER_LOSS))).isEqualTo("always");
    }

    @Test
    void theDefaultWritesBeforeTheReplyWithoutAnFsync() throws Exception {
        assertThat(appendfsync(Cachewarden.builder())).isEqualTo("no");
    }

    private static String appendfsync(Cachewarden.Builder builder) throws Exception {
        Path data = Files.createTempDirectory("cw-durability");
        try (Cachewarden cw = builder.dataDir(data).start()) {
            ElastiCacheClient ec = cw.client();
            ec.createReplicationGroup(r -> r.replicationGroupId("rg").replicationGroupDescription("durability")
                    .engine("redis").numCacheClusters(1));
            ReplicationGroup rg = Await.replicationGroup(ec, "rg", "available", Duration.ofSeconds(30));
            String node = rg.nodeGroups().get(0).nodeGroupMembers().get(0).cacheClusterId();
            assertThat(NodeAdmin.config(data, node, "appendonly")).containsEntry("appendonly", "yes");
            return NodeAdmin.config(data, node, "appendfsync").get("appendfsync");
        } finally {
            try (var files = Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
