package dev.cachewarden.caches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.durability.ServerProcessExtension;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.CacheCluster;
import software.amazon.awssdk.services.elasticache.model.NodeGroupMember;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/**
 * Issue 10 item 5: a seeded random sequence of kills (cachewarden with SIGKILL or SIGTERM, a primary,
 * a replica, cachewarden and a primary together or a primary then cachewarden mid-failover) while
 * clients write to three TLS groups (two with automatic failover, one without). After every step,
 * once every group and node is available again: no acknowledged write is lost, the user group is
 * enforced (alice in, bob, removed earlier, refused), no redis-server runs that no stored node owns,
 * and no group has two primaries. {@code -Dkillloop.seed=N} replays a sequence, {@code
 * -Dkillloop.steps=N} sets its length.
 */
class RandomKillLoopIT {
    private static final String BOB = "bob";
    private static final String BOB_PASSWORD = "bob-password-000001";
    /** Group id → automatic failover; nf has a replica too, but its primary restarts in place. */
    private static final Map<String, Boolean> GROUPS = new TreeMap<>(Map.of("fa", true, "fb", true, "nf", false));
    private static final Map<String, Integer> SIZES = Map.of("fa", 3, "fb", 2, "nf", 2);

    enum Step { KILL_CACHEWARDEN, TERM_CACHEWARDEN, KILL_PRIMARY, KILL_REPLICA, KILL_BOTH, KILL_PRIMARY_THEN_CACHEWARDEN }

    @RegisterExtension
    final ServerProcessExtension cachewarden = ServerProcessExtension.withOptions("--reconcile-interval", "1s");

    @Test
    void randomKillsEndWithEveryGroupHealthyAndNoAcknowledgedWriteLost() throws Exception {
        long seed = Long.getLong("killloop.seed", System.nanoTime());
        int steps = Integer.getInteger("killloop.steps", 10);
        System.out.printf("RandomKillLoopIT seed %d (-Dkillloop.seed=%d replays it), %d steps%n", seed, seed, steps);
        SplittableRandom random = new SplittableRandom(seed);
        ElastiCacheClient ec = cachewarden.start().client();
        TlsGroups.createUserGroup(ec);
        ec.createUser(r -> r.userId(BOB).userName(BOB).engine("redis").accessString("on ~* +@all").passwords(BOB_PASSWORD));
        ec.modifyUserGroup(r -> r.userGroupId("g").userIdsToAdd(BOB));
        awaitUserGroupActive(ec);
        Map<String, Integer> endpoints = new TreeMap<>();
        for (var g : GROUPS.entrySet()) {
            ec.createReplicationGroup(r -> r.replicationGroupId(g.getKey()).replicationGroupDescription("kill loop")
                    .numCacheClusters(SIZES.get(g.getKey())).transitEncryptionEnabled(true).userGroupIds("g")
                    .automaticFailoverEnabled(g.getValue()));
        }
        for (String id : GROUPS.keySet()) {
            ReplicationGroup rg = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(
                    () -> group(client(), id), g -> g.status().equals("available"));
            endpoints.put(id, TlsGroups.primaryPort(rg));
        }
        ec.modifyUserGroup(r -> r.userGroupId("g").userIdsToRemove(BOB));
        awaitUserGroupActive(ec);

        List<WaitedWriter> writers = new ArrayList<>();
        try (RedisProbe redis = new RedisProbe(cachewarden.data().resolve("tls/ca.crt"))) {
            for (var g : GROUPS.entrySet()) {
                writers.add(new WaitedWriter(redis, endpoints.get(g.getKey()), g.getKey(), g.getValue()));
            }
            awaitHealthy(redis, endpoints, writers);
            Step[] kinds = Step.values();
            for (int n = 1; n <= steps; n++) {
                Step step = kinds[random.nextInt(kinds.length)];
                String target = List.copyOf(GROUPS.keySet()).get(random.nextInt(GROUPS.size()));
                long started = System.nanoTime();
                String what = perform(step, target, random);
                awaitHealthy(redis, endpoints, writers);
                check(redis, endpoints, writers, "step " + n + " " + what + " (seed " + seed + ")");
                System.out.printf("step %d: %s; healthy and checked after %d ms; acknowledged %s%n", n, what,
                        (System.nanoTime() - started) / 1_000_000,
                        writers.stream().map(w -> w.prefix() + "=" + w.count()).toList());
            }
        } finally {
            for (WaitedWriter w : writers) {
                w.close();
            }
        }
    }

    private String perform(Step step, String group, SplittableRandom random) throws Exception {
        switch (step) {
            case KILL_CACHEWARDEN -> {
                cachewarden.kill();
                cachewarden.start();
                return "kill -9 of cachewarden";
            }
            case TERM_CACHEWARDEN -> {
                assertThat(cachewarden.terminate()).isZero();
                cachewarden.start();
                return "SIGTERM of cachewarden";
            }
            case KILL_PRIMARY -> {
                String primary = primaryOf(group(client(), group));
                long pid = kill9(primary);
                awaitReplaced(primary, pid);
                return "kill -9 of primary " + primary + " of " + group;
            }
            case KILL_REPLICA -> {
                List<String> replicas = group(client(), group).nodeGroups().get(0).nodeGroupMembers().stream()
                        .filter(m -> m.currentRole().equals("replica")).map(NodeGroupMember::cacheClusterId).toList();
                String replica = replicas.get(random.nextInt(replicas.size()));
                long pid = kill9(replica);
                awaitReplaced(replica, pid);
                return "kill -9 of replica " + replica + " of " + group;
            }
            case KILL_BOTH -> {
                String primary = primaryOf(group(client(), group));
                long pid = NodeProcesses.pid(cachewarden.data(), primary).orElseThrow();
                new ProcessBuilder("kill", "-9", Long.toString(pid), Long.toString(cachewarden.server().pid())).start()
                        .waitFor();
                cachewarden.kill();
                cachewarden.start();
                awaitReplaced(primary, pid);
                return "kill -9 of cachewarden and primary " + primary + " of " + group + " at once";
            }
            case KILL_PRIMARY_THEN_CACHEWARDEN -> {
                String primary = primaryOf(group(client(), group));
                long delay = random.nextInt(600); // a failover takes a few hundred ms: the kill often lands inside it
                long pid = kill9(primary);
                Thread.sleep(delay);
                cachewarden.kill();
                cachewarden.start();
                awaitReplaced(primary, pid);
                return "kill -9 of primary " + primary + " of " + group + ", then of cachewarden " + delay + " ms later";
            }
        }
        throw new AssertionError(step);
    }

    private long kill9(String cacheClusterId) throws Exception {
        long pid = NodeProcesses.pid(cachewarden.data(), cacheClusterId).orElseThrow();
        NodeProcesses.kill9(pid);
        return pid;
    }

    /** The node runs again (restarted, or brought back as a replica) under another PID. */
    private void awaitReplaced(String cacheClusterId, long killed) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> NodeProcesses
                .pid(cachewarden.data(), cacheClusterId).filter(p -> p != killed && NodeProcesses.alive(p))
                .isPresent());
    }

    /** Every group available with every node available, writable through its PrimaryEndpoint, and writers moving. */
    private void awaitHealthy(RedisProbe redis, Map<String, Integer> endpoints, List<WaitedWriter> writers) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
            ElastiCacheClient ec = client();
            Map<String, String> clusters = new HashMap<>();
            for (CacheCluster c : ec.describeCacheClusters(r -> { }).cacheClusters()) {
                clusters.put(c.cacheClusterId(), c.cacheClusterStatus());
            }
            for (String id : GROUPS.keySet()) {
                ReplicationGroup rg = group(ec, id);
                if (!rg.status().equals("available") || rg.memberClusters().stream()
                        .anyMatch(m -> !"available".equals(clusters.get(m)))) {
                    return false;
                }
            }
            return endpoints.values().stream().allMatch(port -> writes(redis, port));
        });
        for (WaitedWriter w : writers) {
            int before = w.count();
            await().atMost(Duration.ofSeconds(30)).until(() -> w.count() > before + 10);
        }
    }

    private void check(RedisProbe redis, Map<String, Integer> endpoints, List<WaitedWriter> writers, String after)
            throws Exception {
        ElastiCacheClient ec = client();
        for (WaitedWriter w : writers) {
            List<Integer> acked = w.acknowledged();
            assertThat(w.missing(acked)).as("%s: acknowledged writes of %s missing, of %d", after, w.prefix(),
                    acked.size()).isEmpty();
        }
        Set<Long> owned = new TreeSet<>();
        for (String id : GROUPS.keySet()) {
            int endpoint = endpoints.get(id);
            assertThat(redis.canAuthenticate(endpoint, true, TlsGroups.USER, TlsGroups.PASSWORD)).as("%s: alice on %s",
                    after, id).isTrue();
            ReplicationGroup rg = group(ec, id);
            List<String> masters = new ArrayList<>();
            for (NodeGroupMember m : rg.nodeGroups().get(0).nodeGroupMembers()) {
                int port = m.readEndpoint().port();
                assertThat(redis.canAuthenticate(port, true, BOB, BOB_PASSWORD)).as("%s: bob on %s", after,
                        m.cacheClusterId()).isFalse();
                if (role(redis, port).equals("master")) {
                    masters.add(m.cacheClusterId());
                }
                owned.add(NodeProcesses.pid(cachewarden.data(), m.cacheClusterId()).orElseThrow());
            }
            assertThat(masters).as("%s: nodes of %s answering ROLE master", after, id).containsExactly(primaryOf(rg));
        }
        assertThat(owned).as("%s: stored nodes' processes alive", after).allMatch(NodeProcesses::alive);
        assertThat(nodeProcesses()).as("%s: redis-server processes of this data dir", after).isEqualTo(owned);
    }

    private static String role(RedisProbe redis, int port) {
        try (StatefulRedisConnection<String, String> c = redis.connect(port, true, TlsGroups.USER, TlsGroups.PASSWORD)) {
            return c.sync().role().get(0).toString();
        }
    }

    /** Every redis-server running from a node directory of this test's data dir (by its working directory). */
    private Set<Long> nodeProcesses() throws Exception {
        Process pgrep = new ProcessBuilder("pgrep", "-f", "redis-server").redirectErrorStream(true).start();
        String out = new String(pgrep.getInputStream().readAllBytes());
        pgrep.waitFor();
        Path nodes = cachewarden.data().resolve("nodes").toRealPath();
        Set<Long> pids = new TreeSet<>();
        for (String line : out.split("\\s+")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                Path cwd = Files.readSymbolicLink(Path.of("/proc", line.trim(), "cwd"));
                if (cwd.startsWith(nodes)) {
                    pids.add(Long.parseLong(line.trim()));
                }
            } catch (IOException gone) {
                // exited meanwhile, or not ours to read
            }
        }
        return pids;
    }

    private static boolean writes(RedisProbe redis, int port) {
        try (StatefulRedisConnection<String, String> c = redis.connect(port, true, TlsGroups.USER, TlsGroups.PASSWORD)) {
            return "OK".equals(c.sync().set("probe", "1"));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The running server's client: every restart brings another. */
    private ElastiCacheClient client() {
        return cachewarden.server().client();
    }

    private static ReplicationGroup group(ElastiCacheClient ec, String id) {
        return ec.describeReplicationGroups(r -> r.replicationGroupId(id)).replicationGroups().get(0);
    }

    private static String primaryOf(ReplicationGroup rg) {
        return rg.nodeGroups().get(0).nodeGroupMembers().stream().filter(m -> m.currentRole().equals("primary"))
                .map(NodeGroupMember::cacheClusterId).findFirst().orElseThrow();
    }

    private static void awaitUserGroupActive(ElastiCacheClient ec) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> ec.describeUserGroups(
                r -> r.userGroupId("g")).userGroups().get(0).status().equals("active"));
    }
}
