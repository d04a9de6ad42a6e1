package dev.cachewarden.caches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.junit.Cachewarden;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.CacheCluster;
import software.amazon.awssdk.services.elasticache.model.Endpoint;
import software.amazon.awssdk.services.elasticache.model.NodeGroup;
import software.amazon.awssdk.services.elasticache.model.NodeGroupMember;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/**
 * {@code Port} echoed (#14): a group made with Port=6390 answers 6390 on every endpoint, each on a
 * loopback address of its own, and real clients (redis-cli --tls, Lettuce verifying the certificate
 * against the address) reach every endpoint there as an RBAC user; a restart keeps the addresses.
 */
class PortEchoIT {
    static final int PORT = 6390;
    static final String PASSWORD = "alice-password-0001";

    @TempDir
    Path dataDir;

    @Test
    void everyEndpointAnswersThePortAskedOnAnAddressOfItsOwnAcrossARestart() throws Exception {
        Map<String, String> before;
        try (Cachewarden first = Cachewarden.builder().dataDir(dataDir).transitionDelay(Duration.ofMillis(200))
                .reconcileInterval(Duration.ofSeconds(1)).start()) {
            ElastiCacheClient ec = first.client();
            ec.createUser(r -> r.userId("alice").userName("alice").engine("redis").accessString("on ~* +@all")
                    .passwords(PASSWORD));
            ec.createUserGroup(r -> r.userGroupId("g").engine("redis").userIds("default", "alice"));
            await().atMost(Duration.ofSeconds(20)).until(() -> ec.describeUserGroups(r -> r.userGroupId("g"))
                    .userGroups().get(0).status().equals("active"));
            ec.createReplicationGroup(r -> r.replicationGroupId("ported").replicationGroupDescription("port 6390")
                    .engine("redis").numCacheClusters(2).transitEncryptionEnabled(true).userGroupIds("g").port(PORT));
            ReplicationGroup rg = available(ec);
            before = endpoints(ec, rg);
            assertThat(before.values()).as("every endpoint answers the port asked").allMatch(a -> a.endsWith(":" + PORT));
            List<String> hosts = before.values().stream().map(a -> a.substring(0, a.indexOf(':'))).toList();
            // Primary, reader and the two nodes (each node answered twice: ReadEndpoint and cache node Endpoint).
            assertThat(new java.util.HashSet<>(hosts)).as("an address of its own per endpoint").hasSize(4)
                    .allMatch(h -> h.startsWith("127.") && !h.equals("127.0.0.1"));
            // NodeGroupMember ReadEndpoint and the cache node's Endpoint are the same node's address.
            assertThat(before.get("member:ported-001")).isEqualTo(before.get("node:ported-001"));

            Path ca = dataDir.resolve("tls/ca.crt");
            String primary = before.get("primary");
            assertThat(redisCli(ca, primary, "--user", "alice", "--pass", PASSWORD, "SET", "k", "v")).isEqualTo("OK");
            try (RedisClient client = RedisClient.create()) {
                client.setOptions(ClientOptions.builder().sslOptions(SslOptions.builder().jdkSslProvider()
                        .trustManager(ca.toFile()).build()).build());
                for (String address : before.values()) {
                    assertThat(redisCli(ca, address, "--user", "alice", "--pass", PASSWORD, "PING")).as(address)
                            .isEqualTo("PONG");
                    // Lettuce checks the certificate names the address it dialled (SslVerifyMode.FULL).
                    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
                        try (StatefulRedisConnection<String, String> c = client.connect(uri(address))) {
                            return "v".equals(c.sync().get("k"));
                        }
                    });
                }
            }
        }
        try (Cachewarden second = Cachewarden.builder().dataDir(dataDir).transitionDelay(Duration.ZERO)
                .reconcileInterval(Duration.ofSeconds(1)).start()) {
            ElastiCacheClient ec = second.client();
            assertThat(endpoints(ec, available(ec))).as("the addresses survive a restart").isEqualTo(before);
            Path ca = dataDir.resolve("tls/ca.crt");
            for (String address : List.of(before.get("primary"), before.get("reader"))) {
                await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> "v".equals(
                        redisCli(ca, address, "--user", "alice", "--pass", PASSWORD, "GET", "k")));
            }
            clusterModeNodesAnnounceTheirOwnAddressAndThePort(ec, ca);
            ec.deleteReplicationGroup(r -> r.replicationGroupId("ported"));
            await().atMost(Duration.ofSeconds(20)).until(() -> ec.describeReplicationGroups(r -> { })
                    .replicationGroups().isEmpty());
            assertThat(redisCli(ca, before.get("primary"), "PING")).doesNotContain("PONG");
        }
    }

    /**
     * Cluster mode on the same server: the ConfigurationEndpoint and each node answer the Port on their
     * own address, CLUSTER SLOTS names those, and redis-cli -c follows MOVED to them.
     */
    private static void clusterModeNodesAnnounceTheirOwnAddressAndThePort(ElastiCacheClient ec, Path ca)
            throws Exception {
        int port = PORT + 1;
        ec.createReplicationGroup(r -> r.replicationGroupId("portedc").replicationGroupDescription("cluster port")
                .engine("redis").cacheParameterGroupName("default.redis7.cluster.on").numNodeGroups(2)
                .replicasPerNodeGroup(0).transitEncryptionEnabled(true).userGroupIds("g").port(port));
        ReplicationGroup rg = available(ec, "portedc");
        String configuration = address(rg.configurationEndpoint());
        List<String> nodes = ec.describeCacheClusters(r -> r.showCacheNodeInfo(true)).cacheClusters().stream()
                .filter(c -> "portedc".equals(c.replicationGroupId()))
                .map(c -> address(c.cacheNodes().get(0).endpoint())).toList();
        assertThat(configuration).endsWith(":" + port);
        assertThat(nodes).hasSize(2).allMatch(a -> a.endsWith(":" + port)).doesNotContain(configuration)
                .doesNotHaveDuplicates();
        String slots = redisCli(ca, configuration, "--user", "alice", "--pass", PASSWORD, "CLUSTER", "SLOTS");
        for (String node : nodes) {
            assertThat(slots).contains(node.substring(0, node.indexOf(':')));
        }
        assertThat(slots).doesNotContain("127.0.0.1");
        // Keys of both shards through the ConfigurationEndpoint: -c follows MOVED to a node's own address.
        for (String key : List.of("a", "b", "c", "d")) {
            assertThat(redisCli(ca, configuration, "-c", "--user", "alice", "--pass", PASSWORD, "SET", key, key))
                    .isEqualTo("OK");
        }
        ec.deleteReplicationGroup(r -> r.replicationGroupId("portedc"));
    }

    private static ReplicationGroup available(ElastiCacheClient ec) {
        return available(ec, "ported");
    }

    private static ReplicationGroup available(ElastiCacheClient ec, String id) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(
                () -> ec.describeReplicationGroups(r -> r.replicationGroupId(id)).replicationGroups().get(0),
                g -> g.status().equals("available"));
    }

    /** Every endpoint Describe answers, as address:port, by role. */
    private static Map<String, String> endpoints(ElastiCacheClient ec, ReplicationGroup rg) {
        Map<String, String> all = new LinkedHashMap<>();
        NodeGroup shard = rg.nodeGroups().get(0);
        all.put("primary", address(shard.primaryEndpoint()));
        all.put("reader", address(shard.readerEndpoint()));
        for (NodeGroupMember m : shard.nodeGroupMembers()) {
            all.put("member:" + m.cacheClusterId(), address(m.readEndpoint()));
        }
        for (CacheCluster c : ec.describeCacheClusters(r -> r.showCacheNodeInfo(true)).cacheClusters()) {
            all.put("node:" + c.cacheClusterId(), address(c.cacheNodes().get(0).endpoint()));
        }
        return all;
    }

    private static String address(Endpoint e) {
        return e.address() + ":" + e.port();
    }

    private static RedisURI uri(String address) {
        String[] hp = address.split(":");
        return RedisURI.builder().withHost(hp[0]).withPort(Integer.parseInt(hp[1])).withSsl(true)
                .withVerifyPeer(SslVerifyMode.FULL).withAuthentication("alice", PASSWORD)
                .withTimeout(Duration.ofSeconds(2)).build();
    }

    private static String redisCli(Path ca, String address, String... args) throws IOException, InterruptedException {
        String[] hp = address.split(":");
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", hp[0], "-p", hp[1], "--no-auth-warning",
                "--tls", "--cacert", ca.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("redis-cli hung: " + command);
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    }
}
