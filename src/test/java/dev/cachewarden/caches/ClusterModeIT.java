package dev.cachewarden.caches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.e2e.Await;
import dev.cachewarden.junit.Cachewarden;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.CacheCluster;
import software.amazon.awssdk.services.elasticache.model.NodeGroup;
import software.amazon.awssdk.services.elasticache.model.NodeGroupMember;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/**
 * Cluster mode end to end (issue 11, items 1 and 6): three shards of a primary and a replica each, TLS
 * and a user group, created with the AWS SDK; Lettuce's RedisClusterClient through the front's
 * ConfigurationEndpoint as an RBAC user writes keys on every shard; the user removed from the group is
 * refused on every node of every shard; in between, {@link ClusterOperations} on the two shards left.
 */
class ClusterModeIT {
    static final String ALICE_PW = "alice-password-0001";

    @TempDir
    static Path dataDir;
    static Cachewarden server;
    static ElastiCacheClient ec;
    static RedisProbe probe;
    static RedisClusterClient cluster;
    /**
     * Reconnects at most a second apart. Lettuce's default doubles the wait after each failed attempt up
     * to 30 s (attempt n waits 2^(n-1) ms, seen in the loops): a node down for ten seconds or so (an
     * upgrade's restart, a primary killed, on a loaded machine) can leave its connection waiting seconds
     * more after the node is back, and a GET routed to it once it serves slots again times out meanwhile.
     */
    static ClientResources resources;

    @BeforeAll
    static void start() {
        server = Cachewarden.builder().dataDir(dataDir).reconcileInterval(Duration.ofMillis(500)).start();
        ec = server.client();
        probe = new RedisProbe(server.server().nodes().caCertificate());
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        if (resources != null) {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
        if (probe != null) {
            probe.close();
        }
        if (server != null) {
            server.close();
        }
    }

    static final int KEYS = 1000;

    static void assertAllKeys(StatefulRedisClusterConnection<String, String> c) {
        for (int i = 0; i < KEYS; i++) {
            String key = "key:" + i;
            String value;
            try {
                value = c.sync().get(key);
            } catch (RuntimeException e) {
                // Which key, slot and node the client chose: a timeout alone does not say where it hung.
                int slot = SlotHash.getSlot(key);
                throw new AssertionError("GET " + key + " (slot " + slot + ", client sends it to "
                        + c.getPartitions().getPartitionBySlot(slot) + ") failed", e);
            }
            assertThat(value).as("key:%d", i).isEqualTo("v" + i);
        }
    }

    /**
     * Every node of the group (by its front endpoint) sees every slot at the same master the moment the
     * group turns available: a node still gossiping the old owners sends a refreshed client round in MOVED.
     */
    static void assertNodesAgree(StatefulRedisClusterConnection<String, String> c, ReplicationGroup group) {
        Map<Integer, Set<String>> views = new java.util.TreeMap<>();
        for (NodeGroup shard : group.nodeGroups()) {
            for (NodeGroupMember m : shard.nodeGroupMembers()) {
                int port = m.readEndpoint().port();
                views.put(port, c.getConnection("127.0.0.1", port).sync().clusterNodes().lines()
                        .map(line -> line.split(" "))
                        .filter(f -> f.length > 8 && f[2].contains("master"))
                        .map(f -> f[0] + " " + String.join(" ", java.util.Arrays.copyOfRange(f, 8, f.length)))
                        .collect(java.util.stream.Collectors.toSet()));
            }
        }
        assertThat(new HashSet<>(views.values())).as("masters and their slots, by node: %s", views).hasSize(1);
        assertThat(views.values().iterator().next()).hasSize(group.nodeGroups().size());
    }

    static String redisCli(int port, String... command) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("redis-cli", "-c", "-h", "127.0.0.1", "-p",
                Integer.toString(port), "--tls", "--cacert", server.server().nodes().caCertificate().toString(),
                "--user", "alice", "--pass", ALICE_PW, "--no-auth-warning"));
        args.addAll(List.of(command));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertThat(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void threeShardsServeAClusterClientKeepEveryKeyThroughReshardingAndCloseARemovedUserOutOfEveryShard() throws Exception {
        ec.createUser(r -> r.userId("alice").userName("alice").engine("redis").accessString("on ~* +@all")
                .passwords(ALICE_PW));
        ec.createUserGroup(r -> r.userGroupId("g").engine("redis").userIds("default", "alice"));
        Await.userGroup(ec, "g", "active", Duration.ofSeconds(20));

        ReplicationGroup creating = ec.createReplicationGroup(r -> r.replicationGroupId("crg")
                .replicationGroupDescription("three shards").engine("redis")
                .cacheParameterGroupName("default.redis7.cluster.on").numNodeGroups(3).replicasPerNodeGroup(1)
                .transitEncryptionEnabled(true).userGroupIds("g")).replicationGroup();
        assertThat(creating.status()).isEqualTo("creating");
        assertThat(creating.clusterEnabled()).isTrue();
        ReplicationGroup rg = Await.replicationGroup(ec, "crg", "available", Duration.ofSeconds(120));

        assertThat(rg.clusterEnabled()).isTrue();
        assertThat(rg.clusterModeAsString()).isEqualTo("enabled");
        assertThat(rg.automaticFailoverAsString()).isEqualTo("enabled");
        assertThat(rg.configurationEndpoint().port()).isPositive();
        assertThat(rg.nodeGroups()).extracting(NodeGroup::nodeGroupId).containsExactly("0001", "0002", "0003");
        assertThat(rg.nodeGroups()).extracting(NodeGroup::slots)
                .containsExactly("0-5461", "5462-10922", "10923-16383");
        assertThat(rg.nodeGroups()).allSatisfy(g -> {
            assertThat(g.primaryEndpoint()).isNull();
            assertThat(g.nodeGroupMembers()).hasSize(2);
        });
        assertThat(rg.nodeGroups().get(1).nodeGroupMembers()).extracting(NodeGroupMember::cacheClusterId)
                .containsExactly("crg-0002-001", "crg-0002-002");
        List<Integer> nodePorts;
        nodePorts = rg.nodeGroups().stream().flatMap(g -> g.nodeGroupMembers().stream())
                .map(m -> m.readEndpoint().port()).toList();
        List<CacheCluster> clusters = ec.describeCacheClusters(r -> r.showCacheNodeInfo(true)).cacheClusters();
        assertThat(clusters).extracting(CacheCluster::cacheClusterId).containsExactlyInAnyOrder(
                "crg-0001-001", "crg-0001-002", "crg-0002-001", "crg-0002-002", "crg-0003-001", "crg-0003-002");

        resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ZERO, Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        // 10 s, not 3: the timeout also bounds the first connection's TLS handshake and AUTH, which took
        // over 3 s in a fresh JVM on a loaded machine (two CPU hogs and another IT on two cores). A node
        // that does not answer still fails the test, 10 s later.
        cluster = RedisClusterClient.create(resources, RedisURI.builder().withHost("127.0.0.1")
                .withPort(rg.configurationEndpoint().port()).withSsl(true).withVerifyPeer(SslVerifyMode.FULL)
                .withAuthentication("alice", ALICE_PW).withTimeout(Duration.ofSeconds(10)).build());
        cluster.setOptions(ClusterClientOptions.builder().sslOptions(SslOptions.builder().jdkSslProvider()
                .trustManager(server.server().nodes().caCertificate().toFile()).build()).build());
        try (StatefulRedisClusterConnection<String, String> c = cluster.connect()) {
            Set<Integer> masters = new HashSet<>();
            for (RedisClusterNode n : c.getPartitions()) {
                // Every node the cluster names is a front endpoint DescribeReplicationGroups lists.
                assertThat(nodePorts).contains(n.getUri().getPort());
                if (n.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                    masters.add(n.getUri().getPort());
                }
            }
            assertThat(masters).hasSize(3);
            Set<Integer> written = new HashSet<>();
            for (int i = 0; i < KEYS; i++) {
                c.sync().set("key:" + i, "v" + i);
                written.add(c.getPartitions().getPartitionBySlot(SlotHash.getSlot("key:" + i)).getUri().getPort());
            }
            assertThat(written).as("keys landed on every shard").hasSize(3);
            assertAllKeys(c);

            // Scale out to four shards: the slots are split evenly again, keys move with them.
            ReplicationGroup out = ec.modifyReplicationGroupShardConfiguration(r -> r.replicationGroupId("crg")
                    .nodeGroupCount(4).applyImmediately(true)).replicationGroup();
            assertThat(out.status()).isEqualTo("modifying");
            ReplicationGroup four = Await.replicationGroup(ec, "crg", "available", Duration.ofSeconds(120));
            assertThat(four.nodeGroups()).extracting(NodeGroup::slots)
                    .containsExactly("0-4095", "4096-8191", "8192-12287", "12288-16383");
            assertThat(four.nodeGroups().get(3).nodeGroupMembers()).extracting(NodeGroupMember::cacheClusterId)
                    .containsExactly("crg-0004-001", "crg-0004-002");
            cluster.refreshPartitions();
            assertNodesAgree(c, four);
            assertThat(c.getPartitions().stream().filter(n -> n.is(RedisClusterNode.NodeFlag.UPSTREAM))).hasSize(4);
            assertAllKeys(c);

            // Scale in to two shards, removing 0001 and 0003: their keys move to the shards that stay.
            ec.modifyReplicationGroupShardConfiguration(r -> r.replicationGroupId("crg").nodeGroupCount(2)
                    .applyImmediately(true).nodeGroupsToRemove("0001", "0003"));
            ReplicationGroup two = Await.replicationGroup(ec, "crg", "available", Duration.ofSeconds(120));
            assertThat(two.nodeGroups()).extracting(NodeGroup::nodeGroupId).containsExactly("0002", "0004");
            assertThat(two.nodeGroups()).extracting(NodeGroup::slots).containsExactly("0-8191", "8192-16383");
            cluster.refreshPartitions();
            assertNodesAgree(c, two);
            assertThat(c.getPartitions().stream().filter(n -> n.is(RedisClusterNode.NodeFlag.UPSTREAM))).hasSize(2);
            assertAllKeys(c);
            nodePorts = two.nodeGroups().stream().flatMap(g -> g.nodeGroupMembers().stream())
                    .map(m -> m.readEndpoint().port()).toList();

            // Replicas added and removed, TestFailover, a primary killed, Redis → Valkey (issue 11's cluster operations).
            new ClusterOperations(ec, server, probe, cluster, "crg", () -> assertAllKeys(c)).run("alice", ALICE_PW);
        }
        for (int port : nodePorts) {
            assertThat(probe.canAuthenticate(port, true, "alice", ALICE_PW)).as("alice on %d", port).isTrue();
        }
        // redis-cli -c as docs/caches.md shows it: follows MOVED through the front to every shard.
        for (int i = 0; i < 3; i++) {
            assertThat(redisCli(rg.configurationEndpoint().port(), "GET", "key:" + i)).isEqualTo("v" + i);
        }

        ec.modifyUserGroup(r -> r.userGroupId("g").userIdsToRemove("alice"));
        Await.userGroup(ec, "g", "active", Duration.ofSeconds(20));
        for (int port : nodePorts) {
            assertThat(probe.canAuthenticate(port, true, "alice", ALICE_PW)).as("alice after removal on %d", port)
                    .isFalse();
        }
        assertThatThrownBy(() -> {
            try (var c = cluster.connect()) {
                c.sync().get("key:1");
            }
        }).isInstanceOf(RuntimeException.class);
    }
}
