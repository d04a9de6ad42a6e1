package dev.cachewarden.caches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.e2e.Await;
import dev.cachewarden.junit.Cachewarden;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.NodeGroup;
import software.amazon.awssdk.services.elasticache.model.NodeGroupMember;
import software.amazon.awssdk.services.elasticache.model.NodeGroupNotFoundException;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/**
 * Issue 11's cluster operations on a two-shard group of a primary and a replica each, checked through
 * the front with Lettuce's cluster client (an RBAC user): IncreaseReplicaCount to two replicas per shard
 * (real cluster replicas of their shard's master), DecreaseReplicaCount by name (forgotten by the cluster,
 * stopped), TestFailover of the second shard, SIGKILL of the first shard's primary (a replica takes its
 * slots, the old node rejoins as a replica with its ACL), then Redis → Valkey; every key after each step.
 * Cluster mode shows no CurrentRole (as AWS): the cluster itself names each shard's master, and the
 * failover events name the new primary.
 */
final class ClusterOperations {
    private final ElastiCacheClient ec;
    private final Cachewarden server;
    private final RedisProbe probe;
    private final RedisClusterClient client;
    private final String id;
    private final Runnable assertKeys;

    ClusterOperations(ElastiCacheClient ec, Cachewarden server, RedisProbe probe, RedisClusterClient client, String id,
                      Runnable assertKeys) {
        this.ec = ec;
        this.server = server;
        this.probe = probe;
        this.client = client;
        this.id = id;
        this.assertKeys = assertKeys;
    }

    void run(String user, String password) throws Exception {
        ReplicationGroup start = describe();
        assertThat(start.nodeGroups()).hasSize(2).allSatisfy(s -> assertThat(s.nodeGroupMembers()).hasSize(2));
        String a = start.nodeGroups().get(0).nodeGroupId();
        String b = start.nodeGroups().get(1).nodeGroupId();

        // IncreaseReplicaCount: a third node in every shard, numbered within it.
        assertThat(ec.increaseReplicaCount(r -> r.replicationGroupId(id).newReplicaCount(2).applyImmediately(true))
                .replicationGroup().status()).isEqualTo("modifying");
        ReplicationGroup three = Await.replicationGroup(ec, id, "available", Duration.ofSeconds(60));
        assertThat(members(three)).contains(node(a, 3), node(b, 3)).hasSize(6);
        assertThat(topology()).hasSize(2).allSatisfy((m, r) -> assertThat(r).hasSize(2));
        assertThat(shards(topology())).isEqualTo(shards(three));
        assertThat(ec.describeCacheClusters(r -> r.cacheClusterId(node(b, 3))).cacheClusters().get(0)
                .cacheClusterStatus()).isEqualTo("available");
        int added = three.nodeGroups().get(1).nodeGroupMembers().get(2).readEndpoint().port();
        try (var direct = probe.connect(added, true, user, password)) {
            assertThat(direct.sync().info("replication")).contains("role:slave", "master_link_status:up");
        }

        // DecreaseReplicaCount by name: forgotten by every node, stopped, gone from describe.
        ec.decreaseReplicaCount(r -> r.replicationGroupId(id).replicasToRemove(node(a, 3), node(b, 3))
                .applyImmediately(true));
        ReplicationGroup two = Await.replicationGroup(ec, id, "available", Duration.ofSeconds(60));
        assertThat(members(two)).doesNotContain(node(a, 3), node(b, 3)).hasSize(4);
        assertThat(shards(topology())).isEqualTo(shards(two));
        assertThat(probe.canAuthenticate(added, true, user, password)).isFalse();

        // TestFailover of the second shard: its replica serves the slots now.
        assertThatThrownBy(() -> ec.testFailover(r -> r.replicationGroupId(id).nodeGroupId("0099")))
                .isInstanceOf(NodeGroupNotFoundException.class);
        String bPrimary = primaryOf(two, 1);
        String bReplica = other(two, 1, bPrimary);
        ec.testFailover(r -> r.replicationGroupId(id).nodeGroupId(b));
        ReplicationGroup failed = Await.replicationGroup(ec, id, "available", Duration.ofSeconds(60));
        assertThat(primaryOf(failed, 1)).isEqualTo(bReplica);
        assertThat(eventSaid("Failover from primary node " + bPrimary + " to replica node " + bReplica + " completed"))
                .isTrue();
        assertKeys.run();

        // SIGKILL of the first shard's primary: its replica takes the slots, the store follows, the old one rejoins.
        String aPrimary = primaryOf(failed, 0);
        String aReplica = other(failed, 0, aPrimary);
        var supervisor = server.server().nodes().supervisor();
        long pid = supervisor.pid(aPrimary).orElseThrow();
        NodeProcesses.kill9(pid);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> eventSaid(
                "Failover from primary node " + aPrimary + " to replica node " + aReplica + " completed")
                && supervisor.pid(aPrimary).filter(p -> p != pid).isPresent());
        ReplicationGroup after = describe();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> shards(topology()).equals(shards(after)));
        assertThat(primaryOf(after, 0)).isEqualTo(aReplica);
        int oldPort = port(after, aPrimary);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> probe.canAuthenticate(oldPort, true, user, password));
        assertKeys.run();

        // Redis → Valkey, shard by shard: every node on valkey-server, the keys and the user kept.
        ec.modifyReplicationGroup(r -> r.replicationGroupId(id).engine("valkey").applyImmediately(true));
        ReplicationGroup valkey = Await.replicationGroup(ec, id, "available", Duration.ofSeconds(90));
        assertThat(valkey.engine()).isEqualTo("valkey");
        for (NodeGroup s : valkey.nodeGroups()) {
            for (NodeGroupMember m : s.nodeGroupMembers()) {
                try (var direct = probe.connect(m.readEndpoint().port(), true, user, password)) {
                    assertThat(direct.sync().info("server")).as(m.cacheClusterId()).contains("server_name:valkey");
                }
            }
        }
        assertThat(shards(topology())).isEqualTo(shards(valkey));
        assertKeys.run();
    }

    private String node(String shard, int member) {
        return String.format("%s-%s-%03d", id, shard, member);
    }

    private ReplicationGroup describe() {
        return ec.describeReplicationGroups(r -> r.replicationGroupId(id)).replicationGroups().get(0);
    }

    private boolean eventSaid(String message) {
        return ec.describeEvents(r -> r.sourceIdentifier(id).sourceType("replication-group")).events().stream()
                .anyMatch(e -> e.message().equals(message));
    }

    private static Set<String> members(ReplicationGroup g) {
        Set<String> ids = new TreeSet<>();
        g.nodeGroups().forEach(s -> s.nodeGroupMembers().forEach(m -> ids.add(m.cacheClusterId())));
        return ids;
    }

    private static int port(ReplicationGroup g, String member) {
        return g.nodeGroups().stream().flatMap(s -> s.nodeGroupMembers().stream())
                .filter(m -> m.cacheClusterId().equals(member)).findFirst().orElseThrow().readEndpoint().port();
    }

    /** The member of the shard that the cluster, asked through the front, says serves its slots. */
    private String primaryOf(ReplicationGroup g, int shard) {
        Map<Integer, Set<Integer>> topology = topology();
        return g.nodeGroups().get(shard).nodeGroupMembers().stream()
                .filter(m -> topology.containsKey(m.readEndpoint().port())).map(NodeGroupMember::cacheClusterId)
                .findFirst().orElseThrow();
    }

    private static String other(ReplicationGroup g, int shard, String member) {
        List<String> others = g.nodeGroups().get(shard).nodeGroupMembers().stream().map(NodeGroupMember::cacheClusterId)
                .filter(m -> !m.equals(member)).toList();
        assertThat(others).hasSize(1);
        return others.get(0);
    }

    /** The cluster as the client sees it: each master serving slots, with its replicas' ports. */
    private Map<Integer, Set<Integer>> topology() {
        client.refreshPartitions();
        Map<Integer, Set<Integer>> out = new TreeMap<>();
        var partitions = client.getPartitions();
        for (RedisClusterNode n : partitions) {
            if (n.is(RedisClusterNode.NodeFlag.UPSTREAM) && !n.getSlots().isEmpty()) {
                out.put(n.getUri().getPort(), new TreeSet<>());
            }
        }
        for (RedisClusterNode n : partitions) {
            if (n.is(RedisClusterNode.NodeFlag.REPLICA) && !n.is(RedisClusterNode.NodeFlag.FAIL)) {
                RedisClusterNode master = partitions.getPartitionByNodeId(n.getSlaveOf());
                out.computeIfAbsent(master.getUri().getPort(), k -> new TreeSet<>()).add(n.getUri().getPort());
            }
        }
        return out;
    }

    /** Each shard's ports: a master with its replicas, and a node group's members. */
    private static Set<Set<Integer>> shards(Map<Integer, Set<Integer>> topology) {
        Set<Set<Integer>> out = new HashSet<>();
        topology.forEach((m, r) -> {
            Set<Integer> all = new TreeSet<>(r);
            all.add(m);
            out.add(all);
        });
        return out;
    }

    private static Set<Set<Integer>> shards(ReplicationGroup g) {
        Set<Set<Integer>> out = new HashSet<>();
        for (NodeGroup s : g.nodeGroups()) {
            out.add(new TreeSet<>(s.nodeGroupMembers().stream().map(m -> m.readEndpoint().port()).toList()));
        }
        return out;
    }
}
