package dev.cachewarden.caches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.e2e.Await;
import dev.cachewarden.engine.node.Ports;
import dev.cachewarden.junit.Cachewarden;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;
import software.amazon.awssdk.services.elasticache.model.ServerlessCache;

/**
 * A data dir written when a serverless cache was a replication group under the id {@code serverless--sls}
 * (beside a replication group really named {@code sls}) is served after the upgrade: the cache keeps its
 * endpoint, its node is started and its ACL applied, changed, read back and repaired from the new table,
 * and the replication group of the same name is a separate cache throughout.
 */
class ServerlessUpgradeIT {
    @TempDir
    Path dataDir;

    @Test
    void aServerlessCacheFromBeforeItsTableIsServedAsBefore() throws Exception {
        int serverlessPort = freePort();
        int groupPort = freePort();
        writeStoreOfVersion3(serverlessPort, groupPort);

        try (Cachewarden server = Cachewarden.builder().dataDir(dataDir).transitionDelay(Duration.ZERO)
                .reconcileInterval(Duration.ofMillis(500)).start();
             RedisProbe redis = new RedisProbe(server.server().nodes().caCertificate())) {
            ElastiCacheClient ec = server.client();
            ServerlessCache cache = ec.describeServerlessCaches(r -> r.serverlessCacheName("sls")).serverlessCaches().get(0);
            assertThat(cache.status()).isEqualTo("available");
            assertThat(cache.description()).isEqualTo("from before");
            assertThat(cache.majorEngineVersion()).isEqualTo("7");
            assertThat(cache.fullEngineVersion()).isEqualTo("7.0.15");
            assertThat(cache.endpoint().port()).isEqualTo(serverlessPort);
            assertThat(cache.readerEndpoint().address()).isEqualTo("127.0.0.1");
            assertThat(cache.readerEndpoint().port()).isEqualTo(serverlessPort);
            assertThat(cache.userGroupId()).isNull();
            assertThat(ec.describeServerlessCaches(r -> { }).serverlessCaches())
                    .extracting(ServerlessCache::serverlessCacheName).containsExactly("sls");
            assertThat(ec.describeReplicationGroups(r -> { }).replicationGroups())
                    .extracting(ReplicationGroup::replicationGroupId).containsExactly("sls");
            assertThat(ec.describeCacheClusters(r -> { }).cacheClusters()).extracting(c -> c.cacheClusterId())
                    .containsExactly("sls-001");

            // The reconciler brings both caches' nodes back: TLS on the serverless one, open default on both.
            await().atMost(Duration.ofSeconds(20)).until(() -> redis.canAuthenticate(serverlessPort, true, null, null)
                    && redis.canAuthenticate(groupPort, false, null, null));

            ec.addTagsToResource(r -> r.resourceName(cache.arn()).tags(t -> t.key("k").value("v")));
            assertThat(ec.listTagsForResource(r -> r.resourceName(cache.arn())).tagList())
                    .extracting(t -> t.key()).containsExactly("k");

            ec.createUser(r -> r.userId("erin").userName("erin").engine("redis").accessString("on ~* +@all")
                    .passwords("erin-password-000001"));
            ec.createUser(r -> r.userId("frank").userName("frank").engine("redis").accessString("on ~* +@all")
                    .passwords("frank-password-00001"));
            ec.createUserGroup(r -> r.userGroupId("sg").engine("redis").userIds("default", "erin"));
            await().atMost(Duration.ofSeconds(10)).until(() -> ec.describeUserGroups(r -> r.userGroupId("sg"))
                    .userGroups().get(0).status().equals("active"));
            ec.modifyServerlessCache(r -> r.serverlessCacheName("sls").userGroupId("sg"));
            assertThat(Await.serverlessCache(ec, "sls", "available", Duration.ofSeconds(20)).userGroupId()).isEqualTo("sg");
            assertThat(ec.describeUserGroups(r -> r.userGroupId("sg")).userGroups().get(0).serverlessCaches())
                    .containsExactly("sls");
            assertThat(ec.describeUserGroups(r -> r.userGroupId("sg")).userGroups().get(0).replicationGroups()).isEmpty();
            assertThat(redis.canAuthenticate(serverlessPort, true, "erin", "erin-password-000001")).isTrue();
            assertThat(redis.canAuthenticate(serverlessPort, true, "frank", "frank-password-00001")).isFalse();
            assertThat(redis.canAuthenticate(groupPort, false, null, null)).as("the replication group sls").isTrue();

            // Drift on the node is repaired, and so is a node killed with SIGKILL.
            String admin = Files.readString(dataDir.resolve("admin-password")).trim();
            try (var c = redis.connect(serverlessPort, true, "cachewarden-admin", admin)) {
                assertThat(c.sync().aclDeluser("erin")).isEqualTo(1L);
            }
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    redis.canAuthenticate(serverlessPort, true, "erin", "erin-password-000001"));
            long pid = server.server().nodes().supervisor().pid("serverless--sls-001").orElseThrow();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            await().atMost(Duration.ofSeconds(15)).until(() -> server.server().nodes().supervisor()
                    .pid("serverless--sls-001").filter(p -> p != pid).isPresent()
                    && redis.canAuthenticate(serverlessPort, true, "erin", "erin-password-000001"));
            assertThat(redis.canAuthenticate(serverlessPort, true, "frank", "frank-password-00001")).isFalse();

            ec.deleteServerlessCache(r -> r.serverlessCacheName("sls"));
            await().atMost(Duration.ofSeconds(20)).until(() -> ec.describeServerlessCaches(r -> { })
                    .serverlessCaches().isEmpty());
            assertThat(Ports.inUse(serverlessPort)).isFalse();
            assertThat(ec.describeReplicationGroups(r -> r.replicationGroupId("sls")).replicationGroups().get(0)
                    .status()).isEqualTo("available");
            assertThat(redis.canAuthenticate(groupPort, false, null, null)).isTrue();
        }
    }

    /** The layout before V4: the serverless cache is the replication group 'serverless--sls'. */
    private void writeStoreOfVersion3(int serverlessPort, int groupPort) throws Exception {
        Files.createDirectories(dataDir);
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("cachewarden")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").target("3").load().migrate();
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO replication_groups (replication_group_id, description, engine, engine_version, "
                    + "status, transit_encryption, auth_token_hash, user_group_id, pending_ug_add, pending_ug_remove, "
                    + "created_at, external, version) VALUES ('serverless--sls', 'from before', 'redis', '7.0.15', "
                    + "'available', TRUE, NULL, NULL, NULL, NULL, 1700000000000, FALSE, 1)");
            s.executeUpdate("INSERT INTO cache_nodes (cache_cluster_id, replication_group_id, host, port, is_primary, "
                    + "position) VALUES ('serverless--sls-001', 'serverless--sls', '127.0.0.1', " + serverlessPort
                    + ", TRUE, 0)");
            s.executeUpdate("INSERT INTO replication_groups (replication_group_id, description, engine, engine_version, "
                    + "status, transit_encryption, auth_token_hash, user_group_id, pending_ug_add, pending_ug_remove, "
                    + "created_at, external, version) VALUES ('sls', 'a group', 'redis', '7.0.15', "
                    + "'available', FALSE, NULL, NULL, NULL, NULL, 1700000000001, FALSE, 1)");
            s.executeUpdate("INSERT INTO cache_nodes (cache_cluster_id, replication_group_id, host, port, is_primary, "
                    + "position) VALUES ('sls-001', 'sls', '127.0.0.1', " + groupPort + ", TRUE, 0)");
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
