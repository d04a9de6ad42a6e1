package dev.cachewarden.bench;

import dev.cachewarden.service.DescribeCache;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Section 5: DescribeUsers and DescribeUserGroups page latency on a store of N users and M groups
 * (quotas raised) against a store 25 times smaller filled the same way, pages of the same content read
 * from the store in both; the first page against an empty store's, as before; the server's resident
 * memory at that size.
 */
final class ScaleSection {
    private static final int MEMBERS_PER_GROUP = 9;
    /** The baseline store is this many times smaller than the full one. */
    static final int SMALL_FACTOR = 25;
    /** Records a page holds (the Describe actions' default MaxRecords). */
    private static final int PAGE = 100;
    /** Different pages cycled through: more than the server keeps between writes, so none is answered from memory. */
    static final int PAGES = Math.max(100, DescribeCache.MAX_ENTRIES + 1);
    /** The size issue 13's targets are stated at. */
    static final int ISSUE_USERS = 100_000;
    static final int ISSUE_GROUPS = 10_000;

    private final BenchContext ctx;
    private final Report report;

    ScaleSection(BenchContext ctx, Report report) {
        this.ctx = ctx;
        this.report = report;
    }

    void run() throws Exception {
        int users = ctx.options.scaleUsers();
        int groups = ctx.options.scaleGroups();
        List<String[]> rows = new ArrayList<>();
        Map<String, Object> j = new LinkedHashMap<>();
        List<String> quotas = List.of("--max-users", Integer.toString(users + 10), "--max-user-groups",
                Integer.toString(groups + 10), "--max-users-per-user-group", "100");
        boolean viaApi = ctx.options.scaleSeedViaApi();
        // The empty store's pages, on a server of its own (the full one may be filled before it starts).
        LoadGenerator.Result du0;
        LoadGenerator.Result dug0;
        double rssEmpty;
        try (ServerProcess empty = ctx.startCachewarden("scale-empty", quotas)) {
            ctx.awaitCachewarden(empty);
            Target cw = BenchContext.cachewarden(empty);
            warmUp(cw);
            BenchContext.log("scale: empty store");
            du0 = ctx.load(cw, "DescribeUsers (empty)", 1, Workloads.repeat(cw, "/", "DescribeUsers"));
            dug0 = ctx.load(cw, "DescribeUserGroups (empty)", 1, Workloads.repeat(cw, "/", "DescribeUserGroups"));
            rssEmpty = empty.rssMiB();
        }
        // The baseline the targets are judged on: a store SMALL_FACTOR times smaller, filled the same way, so
        // that its middle pages hold what the full store's do (100 users in 0.9 groups each on average;
        // 100 groups of 10 members). Only the store's size differs.
        int smallUsers = Math.max(1_000, users / SMALL_FACTOR);
        int smallGroups = Math.max(2 * (PAGE + PAGES), groups / SMALL_FACTOR);
        LoadGenerator.Result duSmall;
        LoadGenerator.Result dugSmall;
        if (!viaApi) {
            Files.createDirectories(ctx.dataDir("scale-small"));
            StoreSeed.seed(ctx.dataDir("scale-small"), smallUsers, smallGroups, MEMBERS_PER_GROUP);
        }
        try (ServerProcess small = ctx.startCachewarden("scale-small", quotas)) {
            ctx.awaitCachewarden(small);
            Target cw = BenchContext.cachewarden(small);
            if (viaApi) {
                seedViaApi(cw, smallUsers, smallGroups);
            }
            awaitNoneCreating(cw, smallGroups);
            warmUp(cw);
            BenchContext.log("scale: small store, " + smallUsers + " users and " + smallGroups + " groups");
            duSmall = ctx.load(cw, "DescribeUsers (1/" + SMALL_FACTOR + " store, pages)", 1,
                    pages(cw, "DescribeUsers", smallUsers));
            dugSmall = ctx.load(cw, "DescribeUserGroups (1/" + SMALL_FACTOR + " store, pages)", 1,
                    pages(cw, "DescribeUserGroups", smallGroups));
        }
        double usersSeconds = Double.NaN;
        double groupsSeconds = Double.NaN;
        double storeSeconds = Double.NaN;
        if (!viaApi) {
            BenchContext.log("scale: writing " + users + " users and " + groups + " groups through the store");
            Files.createDirectories(ctx.dataDir("scale"));
            storeSeconds = StoreSeed.seed(ctx.dataDir("scale"), users, groups, MEMBERS_PER_GROUP);
        }
        try (ServerProcess server = ctx.startCachewarden("scale", quotas)) {
            ctx.awaitCachewarden(server);
            Target cw = BenchContext.cachewarden(server);
            if (viaApi) {
                BenchContext.log("scale: creating " + users + " users and " + groups + " groups");
                double[] took = seedViaApi(cw, users, groups);
                usersSeconds = took[0];
                groupsSeconds = took[1];
            }
            awaitNoneCreating(cw, groups);
            warmUp(cw);
            String usersMarker = markerAfter(cw, "DescribeUsers", users / 2);
            String groupsMarker = markerAfter(cw, "DescribeUserGroups", groups / 2);

            BenchContext.log("scale: full store");
            LoadGenerator.Result duPages = ctx.load(cw, "DescribeUsers (full, pages)", 1,
                    pages(cw, "DescribeUsers", users));
            LoadGenerator.Result dugPages = ctx.load(cw, "DescribeUserGroups (full, pages)", 1,
                    pages(cw, "DescribeUserGroups", groups));
            LoadGenerator.Result du = ctx.load(cw, "DescribeUsers (full)", 1, Workloads.repeat(cw, "/",
                    "DescribeUsers"));
            LoadGenerator.Result duDeep = ctx.load(cw, "DescribeUsers (full, middle page)", 1, Workloads.repeat(cw,
                    "/", "DescribeUsers", "Marker", usersMarker));
            LoadGenerator.Result duOne = ctx.load(cw, "DescribeUsers (full, MaxRecords=1)", 1, Workloads.repeat(cw,
                    "/", "DescribeUsers", "MaxRecords", "1"));
            // One ordinary user deep in the store against the empty store's one user: the store's size
            // alone, apart from a page's content (default, first in order, lists every group as on AWS).
            LoadGenerator.Result duDeepOne = ctx.load(cw, "DescribeUsers (full, middle, MaxRecords=1)", 1,
                    Workloads.repeat(cw, "/", "DescribeUsers", "Marker", usersMarker, "MaxRecords", "1"));
            LoadGenerator.Result dug = ctx.load(cw, "DescribeUserGroups (full)", 1, Workloads.repeat(cw, "/",
                    "DescribeUserGroups"));
            LoadGenerator.Result dugDeep = ctx.load(cw, "DescribeUserGroups (full, middle page)", 1,
                    Workloads.repeat(cw, "/", "DescribeUserGroups", "Marker", groupsMarker));
            LoadGenerator.Result dugOne = ctx.load(cw, "DescribeUserGroups (full, MaxRecords=1)", 1,
                    Workloads.repeat(cw, "/", "DescribeUserGroups", "MaxRecords", "1"));
            double rssFull = server.rssMiB();
            double rssAfterGc = Double.NaN;
            if (server.collectGarbage(ctx.javaCommand)) {
                Thread.sleep(2_000); // G1 gives the freed heap back to the OS in the background
                rssAfterGc = server.rssMiB();
            }

            report.line("");
            report.line("== Scale: %d users, %d user groups (%d members each) vs a store 1/%d the size; c=1, ms ==",
                    users, groups, MEMBERS_PER_GROUP + 1, SMALL_FACTOR);
            if (viaApi) {
                report.line("seeded through the API at c=8: %d users in %.1f s (%.0f/s), %d groups in %.1f s (%.0f/s)",
                        users, usersSeconds, users / usersSeconds, groups, groupsSeconds, groups / groupsSeconds);
            } else {
                report.line("seeded through the store before the server started (not the API: 100,000 CreateUsers "
                        + "would not fit the run's budget; --scale-seed api for that): %.1f s", storeSeconds);
            }
            report.line("\"pages\": %d different %d-record pages from the middle, in turn, so that each answer is read "
                    + "from the store (the server keeps %d answers between writes); the small store (%d users, %d "
                    + "groups) is filled the same way, its pages hold the same kind of records", PAGES, PAGE,
                    DescribeCache.MAX_ENTRIES, smallUsers, smallGroups);
            report.line("the empty store's pages from a server of its own, started and warmed up the same way; "
                    + "a page repeated is answered from the server's cache unless it is over %d KB",
                    DescribeCache.MAX_BYTES / 1024);
            report.line("%-40s %9s %7s %7s %7s %9s %9s", "page", "req/s", "p50", "p99", "p99.9", "p50 ×small",
                    "p50 ×empty");
            for (LoadGenerator.Result r : List.of(duSmall, duPages, du0, du, duDeep, duOne, duDeepOne)) {
                report.line("%-40s %9.0f %7.2f %7.2f %7.2f %9s %9s", r.operation(), r.requestsPerSecond(), r.p50(),
                        r.p99(), r.p999(), Report.ratio(r.p50(), duSmall.p50()), Report.ratio(r.p50(), du0.p50()));
            }
            for (LoadGenerator.Result r : List.of(dugSmall, dugPages, dug0, dug, dugDeep, dugOne)) {
                report.line("%-40s %9.0f %7.2f %7.2f %7.2f %9s %9s", r.operation(), r.requestsPerSecond(), r.p50(),
                        r.p99(), r.p999(), Report.ratio(r.p50(), dugSmall.p50()), Report.ratio(r.p50(), dug0.p50()));
            }
            report.line("resident memory: %.1f MiB empty (after warm-up), %.1f MiB with %d users and %d groups, "
                    + "%.1f MiB after a full GC (jcmd GC.run)", rssEmpty, rssFull, users, groups, rssAfterGc);
            report.line("(an empty store's page holds 1 user and 0 groups; a full first page holds 100 records, "
                    + "default among them with every group)");

            List<Object> pages = new ArrayList<>();
            for (LoadGenerator.Result r : List.of(duSmall, duPages, du0, du, duDeep, duOne, duDeepOne, dugSmall,
                    dugPages, dug0, dug, dugDeep, dugOne)) {
                pages.add(Report.result(r));
            }
            j.put("users", users);
            j.put("groups", groups);
            j.put("smallUsers", smallUsers);
            j.put("smallGroups", smallGroups);
            j.put("pages", pages);
            j.put("seededThrough", viaApi ? "api" : "store");
            j.put("seedUsersPerSecond", viaApi ? users / usersSeconds : null);
            j.put("seedGroupsPerSecond", viaApi ? groups / groupsSeconds : null);
            j.put("storeSeedSeconds", viaApi ? null : storeSeconds);
            j.put("rssEmptyMiB", rssEmpty);
            j.put("rssFullMiB", rssFull);
            j.put("rssFullAfterGcMiB", rssAfterGc);
            // The earlier measure, kept beside: the first page repeated against the empty store's.
            j.put("firstPageVsEmptyUsers", du.p50() / du0.p50());
            j.put("firstPageVsEmptyGroups", dug.p50() / dug0.p50());
            report.json.put("scale", j);
            double xu = duPages.p50() / duSmall.p50();
            double xg = dugPages.p50() / dugSmall.p50();
            // Judged only at the issue's size; a smaller --scale-users run reports its figures unjudged.
            boolean full = users >= ISSUE_USERS && groups >= ISSUE_GROUPS;
            judge(IssueTarget.SCALE_USERS_PAGE, full, String.format("%.2f× (%.2f vs %.2f ms; first page vs empty: "
                    + "%.1f×)%s", xu, duPages.p50(), duSmall.p50(), du.p50() / du0.p50(),
                    full ? "" : " at " + users + " users"), xu <= 1.5);
            judge(IssueTarget.SCALE_GROUPS_PAGE, full, String.format("%.2f× (%.2f vs %.2f ms; first page vs empty: "
                    + "%.1f×)%s", xg, dugPages.p50(), dugSmall.p50(), dug.p50() / dug0.p50(),
                    full ? "" : " at " + groups + " groups"), xg <= 1.5);
            judge(IssueTarget.SCALE_RSS, full, String.format("%.0f MiB (%.0f after GC)%s", rssFull, rssAfterGc,
                    full ? "" : " at " + users + "/" + groups), rssFull < 400);
        }
    }

    /** Users like the API's CreateUser and groups of {@code default} and 9 members, at c=8; seconds each. */
    private double[] seedViaApi(Target cw, int users, int groups) throws InterruptedException {
        long t0 = System.nanoTime();
        ctx.seed(cw, "users", 8, Workloads.each(cw, users, (r, i) -> Workloads.createUser(r, userId(i))));
        double usersSeconds = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        ctx.seed(cw, "groups", 8, Workloads.each(cw, groups, (r, g) -> {
            List<String> params = new ArrayList<>(List.of("UserGroupId", groupId(g), "Engine", "redis",
                    "UserIds.member.1", "default"));
            for (int k = 0; k < MEMBERS_PER_GROUP; k++) {
                params.add("UserIds.member." + (k + 2));
                params.add(userId((g * MEMBERS_PER_GROUP + k) % users));
            }
            return r.action("CreateUserGroup", params.toArray(String[]::new));
        }));
        return new double[] {usersSeconds, (System.nanoTime() - t0) / 1e9};
    }

    /**
     * {@link #PAGES} different full pages from the store's middle (each starting one record after the
     * last), sent in turn: more than the server's cache holds, so every answer is read from the store.
     */
    private static LoadGenerator.Workload pages(Target cw, String action, int records) throws IOException {
        List<String> markers = new ArrayList<>();
        String marker = markerAfter(cw, action, (records - PAGE - PAGES) / 2);
        try (HttpConnection c = new HttpConnection(cw.host(), cw.port())) {
            QueryRequests q = new QueryRequests(cw);
            while (markers.size() < PAGES) {
                markers.add(marker);
                marker = between(c.exchange(q.action(action, "MaxRecords", "1", "Marker", marker)).text(),
                        "<Marker>", "</Marker>");
            }
        }
        return (index, concurrency) -> {
            QueryRequests requests = new QueryRequests(cw, "/");
            PresignedPool pool = PresignedPool.cycling(markers.size(),
                    i -> requests.action(action, "Marker", markers.get((i + index * 7) % markers.size())));
            return pool::next;
        };
    }

    /** Warms the JIT on the same requests before a measurement. */
    private static void warmUp(Target cw) throws InterruptedException {
        for (String action : List.of("DescribeUsers", "DescribeUserGroups")) {
            LoadGenerator.run(cw.name(), "warm-up", cw.host(), cw.port(), 4, Workloads.repeat(cw, "/", action),
                    java.time.Duration.ZERO, java.time.Duration.ofSeconds(2));
        }
    }

    private void judge(IssueTarget target, boolean full, String measured, boolean met) {
        if (full) {
            report.check(target, measured, met);
        } else {
            report.notMeasured(target, measured);
        }
    }

    static String userId(int i) {
        return String.format("scale-u-%06d", i);
    }

    static String groupId(int g) {
        return String.format("scale-g-%05d", g);
    }

    /** Waits until no group is {@code creating} any more (the transition worker has caught up). */
    private static void awaitNoneCreating(Target cw, int groups) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            int creating = 0;
            int seen = 0;
            String marker = null;
            try (HttpConnection c = new HttpConnection(cw.host(), cw.port())) {
                QueryRequests q = new QueryRequests(cw);
                do {
                    String body = c.exchange(marker == null ? q.action("DescribeUserGroups")
                            : q.action("DescribeUserGroups", "Marker", marker)).text();
                    creating += count(body, "<Status>creating</Status>");
                    seen += count(body, "<UserGroupId>");
                    marker = between(body, "<Marker>", "</Marker>");
                } while (marker != null);
            }
            if (creating == 0 && seen >= groups) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IOException("user groups still creating after 120 s");
    }

    /** The marker of the page that starts after the first {@code records} records. */
    private static String markerAfter(Target cw, String action, int records) throws IOException {
        String marker = null;
        try (HttpConnection c = new HttpConnection(cw.host(), cw.port())) {
            QueryRequests q = new QueryRequests(cw);
            for (int skipped = 0; skipped < Math.max(1, records); ) {
                int n = Math.min(100, Math.max(1, records - skipped));
                String body = c.exchange(marker == null ? q.action(action, "MaxRecords", Integer.toString(n))
                        : q.action(action, "MaxRecords", Integer.toString(n), "Marker", marker)).text();
                marker = between(body, "<Marker>", "</Marker>");
                if (marker == null) {
                    throw new IOException(action + " has fewer than " + records + " records");
                }
                skipped += n;
            }
        }
        return marker;
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    private static String between(String s, String open, String close) {
        int a = s.indexOf(open);
        int b = a < 0 ? -1 : s.indexOf(close, a);
        return b < 0 ? null : s.substring(a + open.length(), b);
    }
}
