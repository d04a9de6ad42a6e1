package dev.cachewarden.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.junit.Cachewarden;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * At least 100,000 generated and mutated requests against a live server over loopback: valid
 * requests with one field broken (and then correctly signed, so they reach the parsers and rules),
 * broken signatures, broken HTTP, random bytes and huge values. The server must never answer 5xx,
 * never stop, keep its memory bounded, and answer every request with a well-formed AWS document.
 */
class FuzzIT {
    static final int REQUESTS = 100_000;
    static final Duration TIME_LIMIT = Duration.ofSeconds(150);
    static final int THREADS = 4;
    static final long SEED = Long.getLong("fuzz.seed", 20261127L);

    static final String V = "Version=2015-02-02";
    static final String ARN = "arn:aws:elasticache:us-east-1:000000000000:user:fz-a";
    /** Valid requests, one per action and shape; {n} becomes a fresh number. */
    static final List<String> TEMPLATES = List.of(
            "Action=CreateUser&" + V + "&UserId=fz-u{n}&UserName=fz-u{n}&Engine=redis&AccessString=on+~*+%2B%40all"
                    + "&Passwords.member.1=a-long-enough-password",
            "Action=CreateUser&" + V + "&UserId=fz-n{n}&UserName=fz-n{n}&Engine=redis&AccessString=on+~app%3A*+%2Bget"
                    + "&AuthenticationMode.Type=no-password-required",
            "Action=ModifyUser&" + V + "&UserId=fz-a&AccessString=on+~app%3A*+%2B%40read",
            "Action=ModifyUser&" + V + "&UserId=fz-a&AuthenticationMode.Type=password"
                    + "&AuthenticationMode.Passwords.member.1=another-long-password",
            "Action=DeleteUser&" + V + "&UserId=fz-u{n}",
            "Action=DescribeUsers&" + V + "&MaxRecords=20",
            "Action=DescribeUsers&" + V + "&Engine=redis&Filters.member.1.Name=user-id"
                    + "&Filters.member.1.Values.member.1=default",
            "Action=CreateUserGroup&" + V + "&UserGroupId=fz-g{n}&Engine=redis&UserIds.member.1=default",
            "Action=ModifyUserGroup&" + V + "&UserGroupId=fz-g&UserIdsToAdd.member.1=fz-a",
            "Action=ModifyUserGroup&" + V + "&UserGroupId=fz-g&UserIdsToRemove.member.1=fz-a",
            "Action=DeleteUserGroup&" + V + "&UserGroupId=fz-g{n}",
            "Action=DescribeUserGroups&" + V + "&UserGroupId=fz-g&MaxRecords=50&Marker=abc",
            "Action=AddTagsToResource&" + V + "&ResourceName=" + enc(ARN) + "&Tags.Tag.1.Key=team&Tags.Tag.1.Value=a",
            "Action=ListTagsForResource&" + V + "&ResourceName=" + enc(ARN),
            "Action=RemoveTagsFromResource&" + V + "&ResourceName=" + enc(ARN) + "&TagKeys.member.1=team");
    static final List<String> ACTIONS = List.of("CreateUser", "ModifyUser", "DeleteUser", "DescribeUsers",
            "CreateUserGroup", "ModifyUserGroup", "DeleteUserGroup", "DescribeUserGroups", "AddTagsToResource",
            "ListTagsForResource", "RemoveTagsFromResource", "CreateCacheCluster", "", "describeusers");

    final Map<String, LongAdder> byStatus = new ConcurrentHashMap<>();
    final Map<String, LongAdder> byCode = new ConcurrentHashMap<>();
    final Map<String, LongAdder> byKind = new ConcurrentHashMap<>();
    final List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger sent = new AtomicInteger();
    final AtomicInteger names = new AtomicInteger();

    @Test
    void aHundredThousandHostileRequestsAreAllAnsweredAsAwsDoes() throws Exception {
        try (Cachewarden server = Cachewarden.start()) {
            server.client().createUser(r -> r.userId("fz-a").userName("fz-a").engine("redis")
                    .accessString("on ~* +@all").noPasswordRequired(true));
            server.client().createUserGroup(r -> r.userGroupId("fz-g").engine("redis").userIds("default"));
            long heapBefore = usedHeapAfterGc();
            long start = System.nanoTime();
            long deadline = start + TIME_LIMIT.toNanos();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long seed = SEED + t;
                workers.add(pool.submit(() -> {
                    work(server, new Random(seed), deadline);
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
            pool.shutdown();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            long heapAfter = usedHeapAfterGc();

            String summary = summary(took, heapBefore, heapAfter);
            System.out.println(summary);
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "fuzz-summary.txt"), summary);

            // Still alive and still right after the storm (fz-a itself may have been deleted by a mutation).
            assertThat(server.client().describeUsers(r -> r.userId("default")).users()).hasSize(1);
            assertThat(server.client().describeUserGroups(r -> { }).userGroups()).isNotNull();

            assertThat(problems).as("answers that were not well-formed AWS documents, or 5xx").isEmpty();
            assertThat(sent.get()).as("requests sent within " + TIME_LIMIT).isGreaterThanOrEqualTo(REQUESTS);
            assertThat(byStatus.keySet()).noneMatch(s -> s.startsWith("5"));
            assertThat(heapAfter - heapBefore).as("heap growth in bytes").isLessThan(96L << 20);
        }
    }

    private void work(Cachewarden server, Random random, long deadline) throws Exception {
        DocumentBuilder xml = xmlParser();
        try (RawHttp http = new RawHttp("127.0.0.1", server.port())) {
            while (System.nanoTime() < deadline && sent.getAndIncrement() < REQUESTS) {
                int dice = random.nextInt(100);
                String kind;
                byte[] raw;
                if (dice < 62) {
                    kind = "signed-mutated-form";
                    raw = signed(server, mutate(template(random), random));
                } else if (dice < 80) {
                    kind = "broken-signature";
                    raw = brokenSignature(server, random);
                } else if (dice < 96) {
                    kind = "broken-http";
                    raw = brokenHttp(server, random);
                } else {
                    kind = "random-bytes";
                    count(byKind, kind);
                    randomBytes(server, random, xml);
                    continue;
                }
                count(byKind, kind);
                RawHttp.Answer answer;
                try {
                    answer = http.exchange(raw);
                } catch (IOException stale) {
                    // The server may close a connection after refusing the previous request (a body it did
                    // not read, a malformed message); a client then retries on a fresh connection. No answer
                    // there either would be a real failure.
                    count(byKind, "(retried on a fresh connection)");
                    try {
                        answer = http.exchange(raw);
                    } catch (IOException e) {
                        problem(kind, "no answer: " + e, raw);
                        continue;
                    }
                }
                check(kind, answer, xml, raw);
            }
        }
    }

    // ---- generators -------------------------------------------------------------------------

    private String template(Random random) {
        return TEMPLATES.get(random.nextInt(TEMPLATES.size())).replace("{n}", Integer.toString(names.incrementAndGet()));
    }

    /** Breaks exactly one thing in a valid form. */
    String mutate(String form, Random r) {
        List<String[]> pairs = new ArrayList<>();
        for (String p : form.split("&")) {
            int eq = p.indexOf('=');
            pairs.add(new String[] {p.substring(0, eq), p.substring(eq + 1)});
        }
        int i = r.nextInt(pairs.size());
        String[] p = pairs.get(i);
        switch (r.nextInt(16)) {
            case 0 -> pairs.remove(i);
            case 1 -> p[1] = "";
            case 2 -> p[1] = enc(randomText(r, 1 + r.nextInt(64 * 1024)));
            case 3 -> p[1] = enc(randomText(r, 1 + r.nextInt(40)));
            case 4 -> p[1] = percentBytes(r, 1 + r.nextInt(30));
            case 5 -> p[1] = p[1] + (r.nextBoolean() ? "%" : "%G" + (char) ('0' + r.nextInt(10)));
            case 6 -> pairs.add(new String[] {p[0], p[1]});
            case 7 -> p[0] = p[0].replaceFirst("\\.(\\d+)", "." + List.of("0", "-1", "99999999999", "x", "", "1.1",
                    "00001", "2147483648").get(r.nextInt(8)));
            case 8 -> p[0] = enc(randomText(r, 1 + r.nextInt(20)));
            case 9 -> pairs.get(0)[1] = enc(ACTIONS.get(r.nextInt(ACTIONS.size())));
            case 10 -> pairs.get(1)[1] = List.of("2014-01-01", "", "2015-02-02x", "%00").get(r.nextInt(4));
            case 11 -> p[1] = List.of("-1", "0", "99999999999", "1e9", "abc", "true", "NaN", " 5 ").get(r.nextInt(8));
            case 12 -> {
                String prefix = p[0].contains(".member.") ? p[0].substring(0, p[0].lastIndexOf('.') + 1)
                        : p[0] + ".member.";
                for (int n = 0; n < 1 + r.nextInt(1_200); n++) {
                    pairs.add(new String[] {prefix + (n + 2), "m" + n});
                }
            }
            case 13 -> p[1] = enc(List.of("default", "DEFAULT", "-", "a".repeat(41), "arn:aws:elasticache:x",
                    "on ~* +@all", "off", "redis", "valkey", "memcached", "iam", "password").get(r.nextInt(12)));
            case 14 -> p[0] = p[0].toLowerCase();
            default -> p[1] = "%00%0A%0D%09" + p[1] + "%F0%9F%92%A9%EF%BF%BF";
        }
        StringBuilder sb = new StringBuilder();
        for (String[] pair : pairs) {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(pair[0]).append('=').append(pair[1]);
        }
        return sb.toString();
    }

    private static byte[] signed(Cachewarden server, String form) {
        return request(SdkSigner.post(server.endpoint(), "Action=DescribeUsers").signWithBody(form), server.port());
    }

    /** A valid request whose signature material is broken in one place; not re-signed. */
    private static byte[] brokenSignature(Cachewarden server, Random r) {
        String form = "Action=DescribeUsers&" + V;
        if (r.nextInt(5) == 0) {
            SdkSigner.Signed p = SdkSigner.post(server.endpoint(), form).presigned(Duration.ofMinutes(5)).sign();
            String q = p.pathAndQuery();
            String broken = switch (r.nextInt(6)) {
                case 0 -> q.replaceFirst("X-Amz-Expires=\\d+", "X-Amz-Expires=" + List.of("0", "-5", "x", "604801").get(r.nextInt(4)));
                case 1 -> q.replaceFirst("X-Amz-Date=[^&]+", "X-Amz-Date=2026");
                case 2 -> q.replaceFirst("X-Amz-Credential=[^&]+", "X-Amz-Credential=" + enc("a/b/c"));
                case 3 -> q.replaceFirst("&X-Amz-Signature=[^&]+", "");
                case 4 -> q + "&X-Amz-Signature=00";
                default -> q.replaceFirst("X-Amz-Algorithm=[^&]+", "X-Amz-Algorithm=AWS4-HMAC-SHA512");
            };
            return request(new SdkSigner.Signed("GET", broken, p.headers(), new byte[0]), server.port());
        }
        SdkSigner.Signed s = SdkSigner.post(server.endpoint(), form).sign();
        Map<String, List<String>> h = new LinkedHashMap<>(s.headers());
        String auth = h.get("Authorization").get(0);
        switch (r.nextInt(12)) {
            case 0 -> h.remove("Authorization");
            case 1 -> h.put("Authorization", List.of(auth.substring(0, r.nextInt(auth.length()))));
            case 2 -> h.put("Authorization", List.of(auth.replace("Credential=", "Credential=x/")));
            case 3 -> h.put("Authorization", List.of(auth.replace("aws4_request", "aws5_request")));
            case 4 -> h.put("Authorization", List.of(auth.replaceFirst("SignedHeaders=[^,]+", "SignedHeaders=x-amz-date")));
            case 5 -> h.put("Authorization", List.of(auth.replaceFirst("SignedHeaders=[^,]+", "SignedHeaders=HOST;;")));
            case 6 -> h.put("X-Amz-Date", List.of(List.of("", "2026", "20261301T000000Z", "x".repeat(500)).get(r.nextInt(4))));
            case 7 -> h.remove("X-Amz-Date");
            case 8 -> h.put("Authorization", List.of(auth.replaceFirst("Signature=\\w+", "Signature=" + randomHex(r))));
            case 9 -> h.put("Authorization", List.of("AWS " + auth));
            case 10 -> h.put("Authorization", List.of(auth.replace(", ", ",").replace("=", "==")));
            default -> h.put("Authorization", List.of(auth, auth));
        }
        return request(new SdkSigner.Signed(s.method(), s.pathAndQuery(), h, s.body()), server.port());
    }

    /** Odd methods, paths, headers, content types and bodies, framed as HTTP. */
    private static byte[] brokenHttp(Cachewarden server, Random r) {
        String form = "Action=DescribeUsers&" + V;
        switch (r.nextInt(9)) {
            case 0 -> {
                String method = List.of("PUT", "DELETE", "PATCH", "OPTIONS", "FOO", "TRACE").get(r.nextInt(6));
                return RawHttp.request(method, "/", Map.of(), form.getBytes(StandardCharsets.UTF_8), server.port());
            }
            case 1 -> {
                String path = List.of("/x", "/../", "/%2e%2e/", "//", "/?", "/?&&&=", "/?%", "/?a=%ZZ", "/;x",
                        "/" + "a".repeat(3000), "/%00", "/?" + "p=1&".repeat(3000)).get(r.nextInt(12));
                return RawHttp.request(r.nextBoolean() ? "GET" : "POST", path, Map.of(), new byte[0], server.port());
            }
            case 2 -> {
                SdkSigner.Signed s = SdkSigner.post(server.endpoint(), form).sign();
                Map<String, List<String>> h = new LinkedHashMap<>(s.headers());
                h.put("X-Huge-" + r.nextInt(100), List.of("h".repeat(1 + r.nextInt(40_000))));
                return request(new SdkSigner.Signed(s.method(), s.pathAndQuery(), h, s.body()), server.port());
            }
            case 3 -> {
                byte[] body = new byte[r.nextInt(4096)];
                r.nextBytes(body);
                return request(SdkSigner.post(server.endpoint(), form).signWithBody(body), server.port());
            }
            case 4 -> {
                SdkSigner.Signed s = SdkSigner.post(server.endpoint(), form).sign();
                Map<String, List<String>> h = new LinkedHashMap<>(s.headers());
                h.put("Content-Type", List.of(List.of("application/json", "text/xml", "", "multipart/form-data; boundary=x")
                        .get(r.nextInt(4))));
                return request(new SdkSigner.Signed(s.method(), s.pathAndQuery(), h, s.body()), server.port());
            }
            case 5 -> {
                String big = form + "&Marker=" + "m".repeat(256 * 1024 + r.nextInt(64 * 1024));
                return request(SdkSigner.post(server.endpoint(), form).signWithBody(big), server.port());
            }
            case 6 -> {
                StringBuilder sb = new StringBuilder("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
                sb.append(List.of("Content-Length: -1\r\n", "Content-Length: 99999999999999999999\r\n",
                        "Content-Length: 5\r\nContent-Length: 6\r\n", "Transfer-Encoding: gzip\r\n",
                        "Content-Length: abc\r\n").get(r.nextInt(5)));
                sb.append("\r\nhello!");
                return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
            }
            case 7 -> {
                return ("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Bad: \u0001\u007f\u00ff\r\nContent-Length: 0\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1);
            }
            default -> {
                return ("GET /?" + form + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
            }
        }
    }

    /** Raw random bytes on a fresh connection, half-closed so the server sees the end of them. */
    private void randomBytes(Cachewarden server, Random r, DocumentBuilder xml) {
        byte[] bytes = new byte[1 + r.nextInt(2048)];
        r.nextBytes(bytes);
        if (r.nextBoolean()) {
            byte[] prefix = "POST / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(prefix, 0, bytes, 0, Math.min(prefix.length, bytes.length));
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            s.setSoTimeout(20_000);
            s.getOutputStream().write(bytes);
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            byte[] answer = in.readAllBytes();
            String text = new String(answer, StandardCharsets.UTF_8);
            if (answer.length == 0) {
                count(byStatus, "closed-without-answer");
                return;
            }
            int headerEnd = text.indexOf("\r\n\r\n");
            int status = Integer.parseInt(text.substring(9, 12));
            check("random-bytes", new RawHttp.Answer(status, Map.of("x-amzn-requestid", "raw"),
                    headerEnd < 0 ? "" : text.substring(headerEnd + 4)), xml, bytes);
        } catch (IOException | RuntimeException e) {
            if (e instanceof java.net.SocketException && e.getMessage() != null && e.getMessage().contains("reset")) {
                count(byStatus, "closed-without-answer");
                return;
            }
            problem("random-bytes", "failed: " + e, bytes);
        }
    }

    // ---- checks -----------------------------------------------------------------------------

    private void check(String kind, RawHttp.Answer a, DocumentBuilder xml, byte[] raw) {
        count(byStatus, Integer.toString(a.status()));
        if (a.status() >= 500) {
            problem(kind, "status " + a.status() + ": " + a.body(), raw);
            return;
        }
        try {
            xml.reset();
            Document doc = xml.parse(new ByteArrayInputStream(a.body().getBytes(StandardCharsets.UTF_8)));
            Element root = doc.getDocumentElement();
            String ns = "http://elasticache.amazonaws.com/doc/2015-02-02/";
            if (!ns.equals(root.getNamespaceURI())) {
                throw new IllegalStateException("namespace " + root.getNamespaceURI());
            }
            if (a.status() == 200) {
                if (!root.getLocalName().endsWith("Response") || text(root, "RequestId").isEmpty()) {
                    throw new IllegalStateException("not a success envelope");
                }
                count(byCode, "(success)");
                return;
            }
            if (!root.getLocalName().equals("ErrorResponse")) {
                throw new IllegalStateException("root " + root.getLocalName());
            }
            String type = text(root, "Type");
            String code = text(root, "Code");
            if (!type.equals("Sender") || code.isEmpty() || text(root, "RequestId").isEmpty()
                    || root.getElementsByTagNameNS(ns, "Message").getLength() != 1) {
                throw new IllegalStateException("incomplete error document");
            }
            if (a.headers().get("x-amzn-requestid") == null) {
                throw new IllegalStateException("no x-amzn-RequestId header");
            }
            count(byCode, code);
        } catch (Exception e) {
            problem(kind, "status " + a.status() + ", " + e.getMessage() + ": " + a.body(), raw);
        }
    }

    private static String text(Element root, String name) {
        var nodes = root.getElementsByTagNameNS(root.getNamespaceURI(), name);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent();
    }

    private void problem(String kind, String what, byte[] raw) {
        count(byCode, "(PROBLEM)");
        if (problems.size() < 20) {
            String req = new String(raw, 0, Math.min(raw.length, 600), StandardCharsets.ISO_8859_1);
            problems.add(kind + ": " + what.substring(0, Math.min(what.length(), 800)) + "\n  request: " + req);
        }
    }

    private static void count(Map<String, LongAdder> map, String key) {
        map.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private String summary(Duration took, long heapBefore, long heapAfter) {
        StringBuilder sb = new StringBuilder("cachewarden fuzz run (seed " + SEED + ")\n");
        long total = byKind.entrySet().stream().filter(e -> !e.getKey().startsWith("("))
                .mapToLong(e -> e.getValue().sum()).sum();
        sb.append("requests: ").append(total).append(" in ").append(took.toMillis()).append(" ms (")
                .append(total * 1000 / Math.max(1, took.toMillis())).append("/s), ").append(THREADS)
                .append(" connections\n");
        sb.append("heap used after GC: before ").append(heapBefore >> 20).append(" MiB, after ")
                .append(heapAfter >> 20).append(" MiB\n");
        sb.append("requests by kind:\n");
        new TreeMap<>(byKind).forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v.sum()).append('\n'));
        sb.append("answers by status (closed-without-answer: random bytes that never formed a request):\n");
        new TreeMap<>(byStatus).forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v.sum()).append('\n'));
        sb.append("answers by code:\n");
        new TreeMap<>(byCode).forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v.sum()).append('\n'));
        sb.append("problems: ").append(problems.size()).append('\n');
        problems.forEach(p -> sb.append("  ").append(p).append('\n'));
        return sb.toString();
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static byte[] request(SdkSigner.Signed s, int port) {
        return RawHttp.request(s.method(), s.pathAndQuery(), s.headers(), s.body(), port);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String randomText(Random r, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int kind = r.nextInt(10);
            if (kind < 6) {
                sb.append((char) (0x20 + r.nextInt(0x5f)));
            } else if (kind < 8) {
                sb.append((char) r.nextInt(0x20));
            } else {
                sb.appendCodePoint(0xA0 + r.nextInt(0xD000));
            }
        }
        return sb.toString();
    }

    private static String percentBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append('%').append(HexFormat.of().withUpperCase().toHexDigits(x));
        }
        return sb.toString();
    }

    private static String randomHex(Random r) {
        byte[] b = new byte[32];
        r.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static DocumentBuilder xmlParser() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
