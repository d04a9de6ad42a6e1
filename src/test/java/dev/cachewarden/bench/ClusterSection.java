package dev.cachewarden.bench;

import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cluster mode (issue 11, item 7): ACL propagation p99 on a 3-shard × 2-node group (ModifyUserGroup
 * answer → ACL GETUSER right on all six nodes + group active), then resharding time per 1,000 keys
 * for a scale-out 3 → 4 and a scale-in 4 → 3, every key read back after each.
 */
final class ClusterSection {
    private static final String USER = "bench-cluster-user";
    private static final String GROUP = "bench-cluster-group";
    private static final String RG = "bench-cluster";
    private static final int KEYS = 10_000;

    private final BenchContext ctx;
    private final Report report;

    ClusterSection(BenchContext ctx, Report report) {
        this.ctx = ctx;
        this.report = report;
    }

    void run() throws Exception {
        Map<String, Object> j = new LinkedHashMap<>();
        report.json.put("cluster", j);
        report.line("");
        report.line("== Cluster mode: 3 shards × 2 nodes; ACL propagation, resharding ==");
        try (ServerProcess server = ctx.startCachewarden("cluster", List.of())) {
            ctx.awaitCachewarden(server);
            Target cw = BenchContext.cachewarden(server);
            Path ca = ctx.dataDir("cluster").resolve("tls/ca.crt");
            try (HttpConnection http = new HttpConnection(cw.host(), cw.port())) {
                QueryRequests q = new QueryRequests(cw);
                ok(http.exchange(Workloads.createUser(q, USER)), "CreateUser");
                ok(http.exchange(q.action("CreateUserGroup", "UserGroupId", GROUP, "Engine", "redis",
                        "UserIds.member.1", "default")), "CreateUserGroup");
                awaitStatus(http, q, "DescribeUserGroups", "UserGroupId", GROUP, "active");
                ok(http.exchange(q.action("CreateReplicationGroup", "ReplicationGroupId", RG,
                        "ReplicationGroupDescription", "benchmark", "Engine", "redis", "NumNodeGroups", "3",
                        "ReplicasPerNodeGroup", "1", "CacheParameterGroupName", "default.redis7.cluster.on",
                        "TransitEncryptionEnabled", "true", "UserGroupIds.member.1", GROUP)), "CreateReplicationGroup");
                String body = awaitStatus(http, q, "DescribeReplicationGroups", "ReplicationGroupId", RG, "available");
                List<RespClient> nodes = new ArrayList<>();
                try {
                    for (int port : ports(body, "ReadEndpoint")) {
                        nodes.add(RespClient.connect(port, ca));
                    }
                    propagation(http, q, nodes, j);
                } finally {
                    nodes.forEach(RespClient::close);
                }
                resharding(http, q, ports(body, "ConfigurationEndpoint").get(0), ca, j);
            }
        }
    }

    private void propagation(HttpConnection http, QueryRequests q, List<RespClient> nodes, Map<String, Object> j)
            throws IOException, InterruptedException {
        List<Double> millis = new ArrayList<>();
        boolean member = false;
        for (int i = 0; i < ctx.options.propagationChanges(); i++) {
            boolean add = !member;
            HttpConnection.Response r = http.exchange(q.action("ModifyUserGroup", "UserGroupId", GROUP,
                    add ? "UserIdsToAdd.member.1" : "UserIdsToRemove.member.1", USER));
            long answered = System.nanoTime();
            ok(r, "ModifyUserGroup");
            member = add;
            boolean[] done = new boolean[nodes.size()];
            int left = nodes.size();
            while (left > 0) {
                for (int n = 0; n < nodes.size(); n++) {
                    if (!done[n] && (nodes.get(n).call("ACL", "GETUSER", USER) != null) == add) {
                        done[n] = true;
                        left--;
                    }
                }
            }
            awaitStatus(http, q, "DescribeUserGroups", "UserGroupId", GROUP, "active");
            millis.add((System.nanoTime() - answered) / 1e6);
        }
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double p50 = sorted[(int) Math.ceil(0.5 * sorted.length) - 1];
        double p99 = sorted[(int) Math.ceil(0.99 * sorted.length) - 1];
        report.line("ACL propagation, 3 shards × 2 nodes: %d changes, p50 %.1f ms, p99 %.1f ms", sorted.length, p50, p99);
        j.put("propagationChanges", sorted.length);
        j.put("propagationP50Ms", p50);
        j.put("propagationP99Ms", p99);
        report.check("cluster propagation p99, 3 shards × 2 nodes", "< 100 ms", String.format("%.1f ms", p99),
                p99 < 100);
    }

    private void resharding(HttpConnection http, QueryRequests q, int configurationPort, Path ca, Map<String, Object> j)
            throws IOException, InterruptedException {
        RedisClusterClient client = RedisClusterClient.create(RedisURI.builder().withHost("127.0.0.1")
                .withPort(configurationPort).withSsl(true).withVerifyPeer(SslVerifyMode.FULL)
                .withTimeout(Duration.ofSeconds(10)).build());
        client.setOptions(ClusterClientOptions.builder()
                .sslOptions(SslOptions.builder().jdkSslProvider().trustManager(ca.toFile()).build()).build());
        try (StatefulRedisClusterConnection<String, String> c = client.connect()) {
            for (int i = 0; i < KEYS; i++) {
                c.async().set("bench:" + i, "v" + i);
            }
            c.sync().get("bench:0");
            double out = reshard(http, q, "NodeGroupCount", "4");
            client.refreshPartitions();
            int lostOut = missing(c);
            double in = reshard(http, q, "NodeGroupCount", "3", "NodeGroupsToRemove.NodeGroupToRemove.1", "0004");
            client.refreshPartitions();
            int lostIn = missing(c);
            double perOut = out / (KEYS / 1000.0);
            double perIn = in / (KEYS / 1000.0);
            report.line("resharding %d keys: 3 → 4 shards %.2f s (%.0f ms per 1,000 keys), 4 → 3 %.2f s "
                    + "(%.0f ms per 1,000 keys); keys missing after: %d, %d", KEYS, out / 1000, perOut, in / 1000, perIn,
                    lostOut, lostIn);
            j.put("reshardKeys", KEYS);
            j.put("scaleOutMs", out);
            j.put("scaleInMs", in);
            j.put("scaleOutMsPer1000Keys", perOut);
            j.put("scaleInMsPer1000Keys", perIn);
            j.put("keysMissing", lostOut + lostIn);
            report.check("resharding time per 1,000 keys (3 → 4 shards)", "< 1000 ms, no key lost",
                    String.format("%.0f ms, %d lost", perOut, lostOut), perOut < 1000 && lostOut == 0);
            report.check("resharding time per 1,000 keys (4 → 3 shards)", "< 1000 ms, no key lost",
                    String.format("%.0f ms, %d lost", perIn, lostIn), perIn < 1000 && lostIn == 0);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** Milliseconds from the request to the group available again. */
    private static double reshard(HttpConnection http, QueryRequests q, String... params)
            throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("ReplicationGroupId", RG, "ApplyImmediately", "true"));
        all.addAll(List.of(params));
        long start = System.nanoTime();
        ok(http.exchange(q.action("ModifyReplicationGroupShardConfiguration", all.toArray(String[]::new))),
                "ModifyReplicationGroupShardConfiguration");
        awaitStatus(http, q, "DescribeReplicationGroups", "ReplicationGroupId", RG, "available");
        return (System.nanoTime() - start) / 1e6;
    }

    private static int missing(StatefulRedisClusterConnection<String, String> c) {
        int missing = 0;
        for (int i = 0; i < KEYS; i++) {
            if (!("v" + i).equals(c.sync().get("bench:" + i))) {
                missing++;
            }
        }
        return missing;
    }

    private static String awaitStatus(HttpConnection http, QueryRequests q, String action, String idName, String id,
                                      String status) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (System.nanoTime() < deadline) {
            String body = ok(http.exchange(q.action(action, idName, id)), action);
            Matcher m = Pattern.compile("<Status>([^<]*)</Status>").matcher(body);
            if (m.find() && m.group(1).equals(status)) {
                return body;
            }
            Thread.sleep(20);
        }
        throw new IOException(id + " not " + status + " after 180 s");
    }

    private static List<Integer> ports(String body, String element) {
        List<Integer> ports = new ArrayList<>();
        Matcher m = Pattern.compile("<" + element + ">.*?<Port>(\\d+)</Port>", Pattern.DOTALL).matcher(body);
        while (m.find()) {
            ports.add(Integer.parseInt(m.group(1)));
        }
        return ports;
    }

    private static String ok(HttpConnection.Response r, String what) throws IOException {
        if (r.status() != 200) {
            throw new IOException(what + " failed: HTTP " + r.status() + " " + r.text());
        }
        return r.text();
    }
}
