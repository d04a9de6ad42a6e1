package dev.cachewarden.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Automatic failover: {@code kill -9} of a three-node TLS replication group's primary redis-server,
 * timed until the first write through the group's PrimaryEndpoint succeeds on the promoted replica
 * (a new connection, AUTH as an RBAC user, SET), {@value #KILLS} times; between kills the group is let
 * back to three synchronised nodes. Default settings (no tuning flag).
 */
final class FailoverSection {
    static final String CACHE = "bench-failover";
    static final String GROUP = "bench-failover-group";
    static final String USER = "bench-failover-user";
    static final String PASSWORD = "bench-failover-password-012345";
    static final int KILLS = 10;
    /** The target with default settings. */
    static final double TARGET_MS = 10_000;

    private final BenchContext ctx;
    private final Report report;

    FailoverSection(BenchContext ctx, Report report) {
        this.ctx = ctx;
        this.report = report;
    }

    void run() throws Exception {
        Map<String, Object> j = new LinkedHashMap<>();
        report.json.put("failover", j);
        report.line("");
        report.line("== Failover: kill -9 of the primary to the first write on the promoted replica, %d kills ==", KILLS);
        try (ServerProcess server = ctx.startCachewarden("failover", List.of())) {
            ctx.awaitCachewarden(server);
            Target cw = BenchContext.cachewarden(server);
            Path data = ctx.dataDir("failover");
            Path ca = data.resolve("tls/ca.crt");
            List<Double> millis = new ArrayList<>();
            try (HttpConnection http = new HttpConnection(cw.host(), cw.port())) {
                QueryRequests q = new QueryRequests(cw);
                int endpoint = createCache(http, q);
                j.put("primaryEndpointPort", endpoint);
                write(endpoint, ca, "warm", "up");
                for (int i = 0; i < KILLS; i++) {
                    String primary = primaryOf(http, q);
                    long pid = Long.parseLong(Files.readString(data.resolve("nodes").resolve(primary)
                            .resolve("redis.pid")).strip());
                    long killed = System.nanoTime();
                    new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
                    long deadline = killed + 60_000_000_000L;
                    while (!write(endpoint, ca, "k" + i, "v" + i)) {
                        if (System.nanoTime() > deadline) {
                            throw new IOException("no write through the primary endpoint 60 s after killing " + primary);
                        }
                        Thread.sleep(5);
                    }
                    double ms = (System.nanoTime() - killed) / 1e6;
                    millis.add(ms);
                    String promoted = primaryOf(http, q);
                    BenchContext.log(String.format("failover %d/%d: %s -> %s in %.0f ms", i + 1, KILLS, primary,
                            promoted, ms));
                    awaitHealthy(endpoint, ca);
                }
            }
            double p50 = StartupSection.median(millis);
            double max = millis.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            report.line("%-12s %10s %10s   %s", "", "p50", "max", "all kills (ms)");
            report.line("%-12s %7.0f ms %7.0f ms   %s", "failover", p50, max,
                    millis.stream().map(v -> String.format("%.0f", v)).toList());
            j.put("killToFirstWriteMs", millis);
            j.put("p50Ms", p50);
            j.put("maxMs", max);
            report.check("failover, kill -9 to first write (max)", "< 10 s", String.format("%.0f ms", max),
                    max < TARGET_MS);
        }
    }

    private int createCache(HttpConnection http, QueryRequests q) throws IOException, InterruptedException {
        Api.ok(http.exchange(q.action("CreateUser", "UserId", USER, "UserName", USER, "Engine", "redis",
                "Passwords.member.1", PASSWORD, "AccessString", "on ~* +@all")), "CreateUser");
        Api.ok(http.exchange(q.action("CreateUserGroup", "UserGroupId", GROUP, "Engine", "redis",
                "UserIds.member.1", "default", "UserIds.member.2", USER)), "CreateUserGroup");
        Api.awaitGroupActive(http, q, GROUP);
        Api.ok(http.exchange(q.action("CreateReplicationGroup", "ReplicationGroupId", CACHE,
                "ReplicationGroupDescription", "benchmark of failover", "Engine", "redis", "NumCacheClusters", "3",
                "TransitEncryptionEnabled", "true", "UserGroupIds.member.1", GROUP,
                "AutomaticFailoverEnabled", "true")), "CreateReplicationGroup");
        String body = Api.awaitAvailable(http, q, CACHE);
        Matcher m = Pattern.compile("<PrimaryEndpoint>.*?<Port>(\\d+)</Port>", Pattern.DOTALL).matcher(body);
        if (!m.find()) {
            throw new IOException("no PrimaryEndpoint in " + body);
        }
        return Integer.parseInt(m.group(1));
    }

    /** The cache cluster id DescribeReplicationGroups gives the primary role. */
    private static String primaryOf(HttpConnection http, QueryRequests q) throws IOException {
        String body = Api.ok(http.exchange(q.action("DescribeReplicationGroups", "ReplicationGroupId", CACHE)),
                "DescribeReplicationGroups");
        Matcher m = Pattern.compile("<CacheClusterId>([^<]+)</CacheClusterId>(?:(?!</NodeGroupMember>).)*"
                + "<CurrentRole>primary</CurrentRole>", Pattern.DOTALL).matcher(body);
        if (!m.find()) {
            throw new IOException("no primary in " + body);
        }
        return m.group(1);
    }

    /** A new connection, AUTH and SET; false on any refusal or lost connection. */
    private static boolean write(int port, Path ca, String key, String value) {
        try (RespClient c = RespClient.connect(port, ca)) {
            c.call("AUTH", USER, PASSWORD);
            return "OK".equals(c.call("SET", key, value));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Until the primary has its two replicas back and in sync, so the next kill has a replica to promote. */
    private static void awaitHealthy(int port, Path ca) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (RespClient c = RespClient.connect(port, ca)) {
                c.call("AUTH", USER, PASSWORD);
                String info = String.valueOf(c.call("INFO", "replication"));
                if (info.contains("connected_slaves:2") && info.split("state=online").length == 3) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                // not yet
            }
            Thread.sleep(100);
        }
        throw new IOException("the group did not get its two replicas back within 120 s");
    }
}
