package dev.cachewarden.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Section 4: time from ModifyUserGroup's answer until every node of every cache using the group
 * answers {@code ACL GETUSER} with the change and the group is {@code active} again, for 1 cache × 3
 * nodes and 20 caches × 2 nodes.
 *
 * <p>It needs caches backed by real redis-server nodes (issue 3). This build is asked whether it has
 * them (DescribeReplicationGroups); until it has, the section reports "not yet measurable" and the
 * targets as not measured.
 */
final class PropagationSection {
    private final BenchContext ctx;
    private final Report report;

    PropagationSection(BenchContext ctx, Report report) {
        this.ctx = ctx;
        this.report = report;
    }

    void run() throws Exception {
        String reason;
        try (ServerProcess server = ctx.startCachewarden("propagation", List.of())) {
            Target cw = BenchContext.cachewarden(server);
            ctx.awaitReady(server, cw);
            try (HttpConnection c = new HttpConnection(cw.host(), cw.port())) {
                HttpConnection.Response r = c.exchange(new QueryRequests(cw).action("DescribeReplicationGroups"));
                reason = r.status() == 200 ? null
                        : "the server answers DescribeReplicationGroups with " + LoadGenerator.outcome(r)
                        + ": this build has no Redis-backed caches yet (issue 3)";
            }
        }
        Map<String, Object> j = new LinkedHashMap<>();
        report.line("");
        report.line("== ACL propagation: ModifyUserGroup answer → ACL GETUSER on every node + group active ==");
        if (reason != null) {
            report.line("not yet measurable: %s", reason);
            j.put("measured", false);
            j.put("reason", reason);
        } else {
            String why = "the server has caches, but this benchmark does not drive them yet";
            report.line("not yet measurable: %s", why);
            j.put("measured", false);
            j.put("reason", why);
        }
        report.json.put("propagation", j);
        report.check("propagation p99, 1 cache × 3 nodes", "< 50 ms", "not yet measurable", null);
        report.check("propagation p99, 20 caches × 2 nodes", "< 250 ms", "not yet measurable", null);
    }
}
