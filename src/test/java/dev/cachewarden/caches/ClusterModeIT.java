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
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * refused on every node of every shard.
 */
class ClusterModeIT {
    static final String ALICE_PW = "alice-password-0001";

    @TempDir
    static Path dataDir;
    static Cachewarden server;
    static ElastiCacheClient ec;
    static RedisProbe probe;
    static RedisClusterClient cluster;

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
            assertThat(c.sync().get("key:" + i)).as("key:%d", i).isEqualTo("v" + i);
        }
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

        cluster = RedisClusterClient.create(RedisURI.builder().withHost("127.0.0.1")
                .withPort(rg.configurationEndpoint().port()).withSsl(true).withVerifyPeer(SslVerifyMode.FULL)
                .withAuthentication("alice", ALICE_PW).withTimeout(Duration.ofSeconds(3)).build());
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
            assertThat(c.getPartitions().stream().filter(n -> n.is(RedisClusterNode.NodeFlag.UPSTREAM))).hasSize(4);
            assertAllKeys(c);

            // Scale in to two shards, removing 0001 and 0003: their keys move to the shards that stay.
            ec.modifyReplicationGroupShardConfiguration(r -> r.replicationGroupId("crg").nodeGroupCount(2)
                    .applyImmediately(true).nodeGroupsToRemove("0001", "0003"));
            ReplicationGroup two = Await.replicationGroup(ec, "crg", "available", Duration.ofSeconds(120));
            assertThat(two.nodeGroups()).extracting(NodeGroup::nodeGroupId).containsExactly("0002", "0004");
            assertThat(two.nodeGroups()).extracting(NodeGroup::slots).containsExactly("0-8191", "8192-16383");
            cluster.refreshPartitions();
            assertThat(c.getPartitions().stream().filter(n -> n.is(RedisClusterNode.NodeFlag.UPSTREAM))).hasSize(2);
            assertAllKeys(c);
            nodePorts = two.nodeGroups().stream().flatMap(g -> g.nodeGroupMembers().stream())
                    .map(m -> m.readEndpoint().port()).toList();
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

    static final String BOB_PW = "bob-password-00001";

    static ReplicationGroup describe(String id) {
        return ec.describeReplicationGroups(r -> r.replicationGroupId(id)).replicationGroups().get(0);
    }

    static Set<String> members(ReplicationGroup g) {
        Set<String> ids = new java.util.TreeSet<>();
        g.nodeGroups().forEach(s -> s.nodeGroupMembers().forEach(m -> ids.add(m.cacheClusterId())));
        return ids;
    }

    /** Cluster mode shows no CurrentRole (as AWS): the cluster, asked through the front, names each shard's master. */
    static String primaryOf(RedisClusterClient client, ReplicationGroup g, int shard) {
        Map<Integer, Set<Integer>> topology = topology(client);
        return g.nodeGroups().get(shard).nodeGroupMembers().stream()
                .filter(m -> topology.containsKey(m.readEndpoint().port())).map(NodeGroupMember::cacheClusterId)
                .findFirst().orElseThrow();
    }

    /** The cluster as the client sees it: each master's port with its replicas' ports. */
    static Map<Integer, Set<Integer>> topology(RedisClusterClient client) {
        client.refreshPartitions();
        Map<Integer, Set<Integer>> out = new java.util.TreeMap<>();
        var partitions = client.getPartitions();
        for (RedisClusterNode n : partitions) {
            if (n.is(RedisClusterNode.NodeFlag.UPSTREAM) && !n.getSlots().isEmpty()) {
                out.put(n.getUri().getPort(), new java.util.TreeSet<>());
            }
        }
        for (RedisClusterNode n : partitions) {
            if (n.is(RedisClusterNode.NodeFlag.REPLICA) && !n.is(RedisClusterNode.NodeFlag.FAIL)) {
                RedisClusterNode master = partitions.getPartitionByNodeId(n.getSlaveOf());
                out.computeIfAbsent(master.getUri().getPort(), k -> new java.util.TreeSet<>()).add(n.getUri().getPort());
            }
        }
        return out;
    }

    /** Each shard's nodes, as the cluster groups them (a master with its replicas) and as describe lists them. */
    static Set<Set<Integer>> shards(Map<Integer, Set<Integer>> topology) {
        Set<Set<Integer>> out = new HashSet<>();
        topology.forEach((m, r) -> {
            Set<Integer> all = new java.util.TreeSet<>(r);
            all.add(m);
            out.add(all);
        });
        return out;
    }

    static Set<Set<Integer>> shards(ReplicationGroup g) {
        Set<Set<Integer>> out = new HashSet<>();
        for (NodeGroup s : g.nodeGroups()) {
            out.add(new java.util.TreeSet<>(s.nodeGroupMembers().stream().map(m -> m.readEndpoint().port()).toList()));
        }
        return out;
    }

    static boolean eventSaid(String sourceId, String message) {
        return ec.describeEvents(r -> r.sourceIdentifier(sourceId).sourceType("replication-group")).events().stream()
                .anyMatch(e -> e.message().equals(message));
    }

    static void assertKeys(StatefulRedisClusterConnection<String, String> c, int keys) {
        for (int i = 0; i < keys; i++) {
            assertThat(c.sync().get("op:" + i)).as("op:%d", i).isEqualTo("w" + i);
        }
    }

    /**
     * Issue 11's cluster operations on a two-shard group through the front, with Lettuce's cluster client
     * as an RBAC user: replicas added to and removed from every shard, TestFailover of one shard, a shard
     * primary killed with SIGKILL (a replica takes its slots, the store follows, the old one rejoins as a
     * replica), then Redis → Valkey shard by shard; every key and the user survive each step.
     */
    @Test
    void replicasFailoversAndTheValkeyUpgradeOfATwoShardGroup() throws Exception {
        ec.createUser(r -> r.userId("bob").userName("bob").engine("redis").accessString("on ~* +@all").passwords(BOB_PW));
        ec.createUserGroup(r -> r.userGroupId("g2").engine("redis").userIds("default", "bob"));
        Await.userGroup(ec, "g2", "active", Duration.ofSeconds(20));
        ec.createReplicationGroup(r -> r.replicationGroupId("ops").replicationGroupDescription("two shards")
                .engine("redis").cacheParameterGroupName("default.redis7.cluster.on").numNodeGroups(2)
                .replicasPerNodeGroup(1).transitEncryptionEnabled(true).userGroupIds("g2"));
        ReplicationGroup rg = Await.replicationGroup(ec, "ops", "available", Duration.ofSeconds(90));

        RedisClusterClient client = RedisClusterClient.create(RedisURI.builder().withHost("127.0.0.1")
                .withPort(rg.configurationEndpoint().port()).withSsl(true).withVerifyPeer(SslVerifyMode.FULL)
                .withAuthentication("bob", BOB_PW).withTimeout(Duration.ofSeconds(3)).build());
        client.setOptions(ClusterClientOptions.builder().sslOptions(SslOptions.builder().jdkSslProvider()
                .trustManager(server.server().nodes().caCertificate().toFile()).build()).build());
        int keys = 300;
        try (StatefulRedisClusterConnection<String, String> c = client.connect()) {
            for (int i = 0; i < keys; i++) {
                c.sync().set("op:" + i, "w" + i);
            }

            // IncreaseReplicaCount: a third node in every shard, a real cluster replica of its shard's master.
            assertThat(ec.increaseReplicaCount(r -> r.replicationGroupId("ops").newReplicaCount(2).applyImmediately(true))
                    .replicationGroup().status()).isEqualTo("modifying");
            ReplicationGroup three = Await.replicationGroup(ec, "ops", "available", Duration.ofSeconds(60));
            assertThat(members(three)).containsExactly("ops-0001-001", "ops-0001-002", "ops-0001-003", "ops-0002-001",
                    "ops-0002-002", "ops-0002-003");
            assertThat(topology(client)).hasSize(2).allSatisfy((m, r) -> assertThat(r).hasSize(2));
            assertThat(shards(topology(client))).isEqualTo(shards(three));
            assertThat(ec.describeCacheClusters(r -> r.cacheClusterId("ops-0002-003")).cacheClusters().get(0)
                    .cacheClusterStatus()).isEqualTo("available");
            int added = three.nodeGroups().get(1).nodeGroupMembers().get(2).readEndpoint().port();
            try (var direct = probe.connect(added, true, "bob", BOB_PW)) {
                assertThat(direct.sync().info("replication")).contains("role:slave", "master_link_status:up");
            }

            // DecreaseReplicaCount by name: forgotten by the cluster, stopped, gone from describe.
            ec.decreaseReplicaCount(r -> r.replicationGroupId("ops").replicasToRemove("ops-0001-003", "ops-0002-003")
                    .applyImmediately(true));
            ReplicationGroup two = Await.replicationGroup(ec, "ops", "available", Duration.ofSeconds(60));
            assertThat(members(two)).containsExactly("ops-0001-001", "ops-0001-002", "ops-0002-001", "ops-0002-002");
            assertThat(shards(topology(client))).isEqualTo(shards(two));
            assertThat(probe.canAuthenticate(added, true, "bob", BOB_PW)).isFalse();

            // TestFailover of shard 0002: its replica is master now, in the cluster and in describe.
            assertThatThrownBy(() -> ec.testFailover(r -> r.replicationGroupId("ops").nodeGroupId("0007")))
                    .isInstanceOf(software.amazon.awssdk.services.elasticache.model.NodeGroupNotFoundException.class);
            ec.testFailover(r -> r.replicationGroupId("ops").nodeGroupId("0002"));
            ReplicationGroup failed = Await.replicationGroup(ec, "ops", "available", Duration.ofSeconds(60));
            assertThat(primaryOf(client, failed, 1)).isEqualTo("ops-0002-002");
            assertThat(primaryOf(client, failed, 0)).isEqualTo("ops-0001-001");
            assertThat(eventSaid("ops", "Failover from primary node ops-0002-001 to replica node ops-0002-002 completed"))
                    .isTrue();
            assertKeys(c, keys);

            // SIGKILL of shard 0001's primary: its replica takes the slots, the store follows, the old one rejoins.
            var supervisor = server.server().nodes().supervisor();
            long pid = supervisor.pid("ops-0001-001").orElseThrow();
            NodeProcesses.kill9(pid);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> eventSaid("ops", "Failover from primary node ops-0001-001 to replica node ops-0001-002 "
                            + "completed") && supervisor.pid("ops-0001-001").filter(p -> p != pid).isPresent());
            ReplicationGroup after = describe("ops");
            assertThat(after.nodeGroups().get(0).primaryEndpoint()).isNull();
            // The old primary back, as a replica of the new one.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> shards(topology(client)).equals(shards(after)));
            assertThat(primaryOf(client, after, 0)).isEqualTo("ops-0001-002");
            assertThat(probe.canAuthenticate(after.nodeGroups().get(0).nodeGroupMembers().get(0).readEndpoint().port(),
                    true, "bob", BOB_PW)).as("the old primary's ACL repaired").isTrue();
            assertKeys(c, keys);

            // Redis → Valkey, shard by shard: every node on valkey-server, keys and bob kept.
            ec.modifyReplicationGroup(r -> r.replicationGroupId("ops").engine("valkey").applyImmediately(true));
            ReplicationGroup valkey = Await.replicationGroup(ec, "ops", "available", Duration.ofSeconds(90));
            assertThat(valkey.engine()).isEqualTo("valkey");
            for (NodeGroup s : valkey.nodeGroups()) {
                for (NodeGroupMember m : s.nodeGroupMembers()) {
                    try (var direct = probe.connect(m.readEndpoint().port(), true, "bob", BOB_PW)) {
                        assertThat(direct.sync().info("server")).as(m.cacheClusterId()).contains("server_name:valkey");
                    }
                }
            }
            assertThat(shards(topology(client))).isEqualTo(shards(valkey));
            assertKeys(c, keys);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        ec.deleteReplicationGroup(r -> r.replicationGroupId("ops"));
    }
}
