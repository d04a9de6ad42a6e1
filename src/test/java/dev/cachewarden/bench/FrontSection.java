package dev.cachewarden.bench;

import dev.cachewarden.engine.node.AdminCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Section 5, the front: {@code redis-benchmark} SET/GET through the front against a
 * redis-server of the same binary serving the same TLS certificate directly, and new connections
 * per second authenticating with an IAM token against the same loop with a password. Every figure
 * sits beside its baseline from the same run, rounds alternating so that load from elsewhere on the
 * machine falls on both. The throughput's rounds are {@link FrontThroughput}'s.
 */
final class FrontSection {
    static final String CACHE = "bench-front";
    static final String GROUP = "bench-front-group";
    static final String PASSWORD_USER = "bench-front-pw";
    static final String IAM_USER = "bench-front-iam";
    static final String PASSWORD = "bench-front-password-0123456789";
    static final int HANDSHAKE_WORKERS = 8;
    /**
     * Unmeasured loops of both users before any is measured: the JDK's TLS key exchange and signatures
     * are Java code the JIT must compile first (with 1 s, a handshake cost 6 CPU ms instead of 4), and
     * the first loop measured would otherwise pay for it alone.
     */
    static final Duration HANDSHAKE_WARMUP = Duration.ofSeconds(4);
    /**
     * Then more unmeasured rounds (both users, 2 s each) while the JIT compilers still take more than
     * {@link #JIT_SETTLED} of the front JVM's CPU, up to {@link #HANDSHAKE_WARMUP_MAX} in all: at a few
     * hundred handshakes per second the handshake path's methods need tens of seconds to reach C2, and
     * a perf profile under load found the compilers at 30–40% of the JVM in the windows measured.
     */
    static final double JIT_SETTLED = 0.10;
    static final Duration HANDSHAKE_WARMUP_MAX = Duration.ofSeconds(30);

    private final BenchContext ctx;
    private final Report report;
    private final Map<String, Object> j = new LinkedHashMap<>();

    FrontSection(BenchContext ctx, Report report) {
        this.ctx = ctx;
        this.report = report;
    }

    void run() throws Exception {
        report.json.put("front", j);
        report.line("");
        report.line("== Front: TLS through the front vs a node of the same binary and certificate ==");
        try (ServerProcess server = ctx.startCachewarden("front", List.of())) {
            ctx.awaitCachewarden(server);
            Target cw = BenchContext.cachewarden(server);
            int frontPort;
            try (HttpConnection http = new HttpConnection(cw.host(), cw.port())) {
                frontPort = createCache(http, new QueryRequests(cw));
            }
            Path data = ctx.dataDir("front");
            Path ca = data.resolve("tls/ca.crt");
            j.put("frontPort", frontPort);
            String how = frontListens(server.log(), frontPort);
            report.line("the front on port " + frontPort + ": " + how + " (from its log)");
            j.put("frontTransport", how);
            // The front's side: cachewarden's JVM (the front) and the node behind it.
            long nodePid = Long.parseLong(Files.readString(nodeDirectory(data).resolve("redis.pid")).strip());
            long[] frontPids = {server.pid(), nodePid};
            // The handshakes first: their thousands of connections opened and closed bring the front's
            // connection paths (TLS start, AUTH, close) to C2, which redis-benchmark's 50 per run took
            // minutes to do, compiling on the front's core during the measured runs (2–4% of its CPU,
            // ~1 s of C2 in 40 s of runs in a JFR recording; docs/bench.md).
            handshakes(frontPort, ca, frontPids);
            String redisBenchmark = BenchContext.onPath("redis-benchmark");
            if (Boolean.getBoolean("bench.front.handshakesOnly")) {
                report.line("redis-benchmark skipped: -Dbench.front.handshakesOnly=true (to profile handshakes)");
            } else if (redisBenchmark == null) {
                report.line("redis-benchmark skipped: no redis-benchmark on PATH "
                        + "(Debian/Ubuntu: apt-get install redis-tools)");
                j.put("redisBenchmark", "skipped: no redis-benchmark on PATH");
                report.check("front throughput (SET/GET, vs direct)", ">= 80% of direct", "redis-benchmark missing",
                        null);
                report.check("front added p99 (SET/GET)", "< 0.5 ms", "redis-benchmark missing", null);
            } else {
                try (ServerProcess direct = DirectNode.start(ctx, nodeDirectory(data), ca, PASSWORD_USER, PASSWORD);
                     RespClient frontNode = RespClient.connectUnix(nodeDirectory(data).resolve("redis.sock"));
                     RespClient directNode = RespClient.connect(direct.port(), ca)) {
                    // Their own connections, read between runs: the front's node as cachewarden's admin user.
                    frontNode.call("AUTH", AdminCredentials.USER_NAME, AdminCredentials.loadOrCreate(data).password());
                    directNode.call("AUTH", PASSWORD_USER, PASSWORD);
                    new FrontThroughput(ctx, report, j, new FrontThroughput.NodeAof(directNode),
                            new FrontThroughput.NodeAof(frontNode)).run(new RedisBenchmark(redisBenchmark, ca,
                            PASSWORD_USER, PASSWORD), PASSWORD_USER, frontPort, direct.port(), frontPids,
                            new long[] {direct.pid()});
                }
            }
        }
    }

    /**
     * The TLS provider and Netty transport the front runs for the port, from its "front listens on"
     * log line: which one ran changes the figures (io_uring used ~30% less of the front's CPU than epoll).
     */
    static String frontListens(Path log, int port) throws IOException {
        Matcher m = Pattern.compile("front listens on \\S+:" + port + "((?: tls \\([A-Z_]+\\))?(?: and plain)? \\S+)")
                .matcher(Files.readString(log));
        return m.find() ? m.group(1).strip() : "not found in the log";
    }

    /** The users, their group and a one-node TLS replication group; the front's published port. */
    private int createCache(HttpConnection http, QueryRequests q) throws IOException, InterruptedException {
        Api.ok(http.exchange(q.action("CreateUser", "UserId", PASSWORD_USER, "UserName", PASSWORD_USER, "Engine",
                "redis", "Passwords.member.1", PASSWORD, "AccessString", "on ~* +@all")),
                "CreateUser " + PASSWORD_USER);
        Api.ok(http.exchange(q.action("CreateUser", "UserId", IAM_USER, "UserName", IAM_USER, "Engine", "redis",
                "AuthenticationMode.Type", "iam", "AccessString", "on ~* +@all")), "CreateUser " + IAM_USER);
        Api.ok(http.exchange(q.action("CreateUserGroup", "UserGroupId", GROUP, "Engine", "redis",
                "UserIds.member.1", "default", "UserIds.member.2", PASSWORD_USER, "UserIds.member.3", IAM_USER)),
                "CreateUserGroup");
        Api.awaitGroupActive(http, q, GROUP);
        long setup = System.nanoTime();
        Api.ok(http.exchange(q.action("CreateReplicationGroup", "ReplicationGroupId", CACHE,
                "ReplicationGroupDescription", "benchmark of the front", "Engine", "redis", "NumCacheClusters", "1",
                "TransitEncryptionEnabled", "true", "UserGroupIds.member.1", GROUP)), "CreateReplicationGroup");
        String body = Api.awaitAvailable(http, q, CACHE);
        Matcher m = Pattern.compile("<PrimaryEndpoint>.*?<Port>(\\d+)</Port>", Pattern.DOTALL).matcher(body);
        if (!m.find()) {
            throw new IOException("no PrimaryEndpoint in " + body);
        }
        j.put("cacheSetupSeconds", (System.nanoTime() - setup) / 1e9);
        return Integer.parseInt(m.group(1));
    }

    /** CPU time (user + system) the processes have used so far; 0 for one that is gone. */
    static double cpuSeconds(long... pids) {
        double total = 0;
        for (long pid : pids) {
            total += ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).map(d -> d.toNanos() / 1e9)
                    .orElse(0.0);
        }
        return total;
    }

    /** The node's directory (its certificate and key), under the data dir's nodes/. */
    private static Path nodeDirectory(Path data) throws IOException {
        try (var dirs = Files.list(data.resolve("nodes"))) {
            return dirs.filter(d -> Files.exists(d.resolve("node.crt"))).findFirst()
                    .orElseThrow(() -> new IOException("no node certificate under " + data.resolve("nodes")));
        }
    }

    /** One kind of client in the handshake loop: who it authenticates as, and with what. */
    private record Client(String label, String user, java.util.function.Supplier<String> password) {}

    /**
     * An IAM client's token: signed once and reused until it is 10 minutes old, as AWS's own example
     * memoizes its token for the 15 minutes it is valid (so do the clients built on it), not signed anew
     * for every connection.
     */
    private static final class ReusedToken implements java.util.function.Supplier<String> {
        private record Signed(String token, Instant at) {}

        private final java.util.function.Function<Instant, String> sign;
        private volatile Signed current;

        ReusedToken(java.util.function.Function<Instant, String> sign) {
            this.sign = sign;
        }

        @Override
        public String get() {
            Signed s = current;
            Instant now = Instant.now();
            if (s == null || s.at().plus(Duration.ofMinutes(10)).isBefore(now)) {
                synchronized (this) {
                    s = current;
                    if (s == null || s.at().plus(Duration.ofMinutes(10)).isBefore(now)) {
                        current = s = new Signed(sign.apply(now), now);
                    }
                }
            }
            return s.token();
        }
    }

    /**
     * New TLS connections each sending AUTH: IAM token vs password, full handshakes and resumed ones. (A
     * token signed per connection, as before, changed little on the front: tokens signed in the same
     * second are the same bytes, X-Amz-Date having whole seconds; signing was ~9% of the client's CPU.)
     */
    private void handshakes(int frontPort, Path ca, long[] frontPids) throws IOException, InterruptedException {
        report.line("");
        HandshakeLoop loop = new HandshakeLoop(frontPort, ca);
        report.line("new TLS connection + AUTH + close, closed loop, %d threads, %s client, through the front "
                + "(IAM: one token, re-signed every 10 minutes); password, iam, iam, password, %.1f s each",
                HANDSHAKE_WORKERS, loop.clientTls(), ctx.options.measure().toMillis() / 2000.0);
        report.line("%-9s %-22s %12s %9s %9s %14s %14s  %s", "user", "TLS", "handshakes/s", "p50 ms", "p99 ms",
                "server CPU ms", "client CPU ms", "other answers");
        SigV4Signer signer = new SigV4Signer(BenchContext.ACCESS_KEY_ID, BenchContext.SECRET_ACCESS_KEY, Target.REGION,
                "elasticache");
        java.util.function.Function<Instant, String> sign = at -> {
            synchronized (signer) {
                return signer.presign(CACHE, "/", "Action=connect&User=" + IAM_USER, Duration.ofMinutes(15), at);
            }
        };
        Client password = new Client("password", PASSWORD_USER, () -> PASSWORD);
        Client iam = new Client("iam", IAM_USER, new ReusedToken(sign));
        Duration warmup = ctx.options.warmup();
        for (Client c : List.of(password, iam)) {
            loop.run(c.user(), c.password(), false, HANDSHAKE_WORKERS, Duration.ZERO, HANDSHAKE_WARMUP, () -> 0);
        }
        JitWarmup.Settled settled = JitWarmup.run(frontPids[0], JIT_SETTLED, HANDSHAKE_WARMUP_MAX, () -> {
            for (Client c : List.of(password, iam)) {
                loop.run(c.user(), c.password(), false, HANDSHAKE_WORKERS, Duration.ZERO, Duration.ofSeconds(1),
                        () -> 0);
            }
        });
        report.line("warm-up: %.1f s of each client, then %.1f s more until the JIT compilers took %.0f%% of the "
                + "front JVM's CPU (settled below %.0f%%, or %d s at most)", HANDSHAKE_WARMUP.toMillis() / 1000.0,
                settled.seconds(), 100 * settled.jitShare(), 100 * JIT_SETTLED, HANDSHAKE_WARMUP_MAX.toSeconds());
        j.put("handshakeWarmupJitShare", settled.jitShare());
        Map<String, Object> hs = new LinkedHashMap<>();
        j.put("handshakes", hs);
        ThreadCpu.Windows windows = new ThreadCpu.Windows(frontPids[0], frontPids);
        Map<String, HandshakeLoop.Result> full = new LinkedHashMap<>();
        HandshakeLoop.Result resumedIam = null;
        for (boolean resume : List.of(false, true)) {
            // A B B A, each half the time: drift (JIT, other load) falls on both clients alike.
            Duration half = ctx.options.measure().dividedBy(2);
            Map<String, HandshakeLoop.Result> results = new LinkedHashMap<>();
            for (Client c : List.of(password, iam, iam, password)) {
                HandshakeLoop.Result r = loop.run(c.user(), c.password(), resume, HANDSHAKE_WORKERS, warmup, half,
                        windows);
                results.merge(c.label(), r, HandshakeLoop.Result::plus);
            }
            String tls = resume ? "resumed (shared cache)" : "full (no session)";
            results.forEach((label, r) -> {
                report.line("%-9s %-22s %12.0f %9.2f %9.2f %14.3f %14.3f  %s%s", label, tls, r.perSecond(), r.p50(),
                        r.p99(), r.serverCpuMillisEach(), r.clientCpuMillisEach(), Report.others(r.others()),
                        resume ? String.format(" %.0f%% resumed", 100.0 * r.resumed() / Math.max(1, r.ok())) : "");
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("handshakesPerSecond", r.perSecond());
                m.put("p50Ms", r.p50());
                m.put("p99Ms", r.p99());
                m.put("ok", r.ok());
                m.put("serverCpuMsEach", r.serverCpuMillisEach());
                m.put("clientCpuMsEach", r.clientCpuMillisEach());
                m.put("otherAnswers", r.others());
                m.put("resumed", r.resumed());
                hs.put(label + (resume ? "Resumed" : "Full"), m);
            });
            HandshakeLoop.Result pw = results.get("password");
            HandshakeLoop.Result iamResult = results.get("iam");
            report.line("%-9s %-22s %12s %9s %9s %14s %14s  (iam ÷ password)", "ratio", tls,
                    Report.ratio(iamResult.perSecond(), pw.perSecond()), "", "",
                    Report.ratio(iamResult.serverCpuMillisEach(), pw.serverCpuMillisEach()), "");
            ThreadCpu threads = windows.take();
            report.line("%-9s %-22s the front's JVM in these windows: %s", "", tls, threads.shares());
            hs.put((resume ? "resumed" : "full") + "FrontJvmThreadSeconds", Map.of("eventLoops", threads.eventLoops(),
                    "jit", threads.jit(), "gc", threads.gc(), "other", threads.other()));
            if (resume) {
                resumedIam = results.get("iam");
            } else {
                full = results;
            }
        }
        HandshakeLoop.Result fullIam = full.get("iam");
        long refused = fullIam.others().values().stream().mapToLong(Long::longValue).sum();
        report.check("IAM handshakes/s (full TLS handshakes)", ">= 2,000/s",
                String.format("%.0f/s (resumed %.0f/s; %.2f CPU ms each)%s", fullIam.perSecond(), resumedIam.perSecond(),
                        fullIam.serverCpuMillisEach(), refused > 0 ? ", " + refused + " not +OK" : ""),
                refused == 0 && fullIam.perSecond() >= 2000);
    }
}
