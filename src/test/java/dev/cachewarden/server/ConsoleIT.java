package dev.cachewarden.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.domain.PasswordHash;
import dev.cachewarden.e2e.Await;
import dev.cachewarden.service.ServiceSettings;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;

/**
 * The console in a real headless chromium: a server with a user group and a replication group on
 * real redis-server nodes; the page shows the group, its status and PendingChanges as they change
 * (without a reload), the nodes' ACL state, events, and a stored script as text. The screenshot is
 * kept in target/console-it/.
 */
class ConsoleIT {
    private static final String KEY = "AKIDCONSOLEIT";
    private static final String SECRET = "console-it-secret-key-0001";
    private static final String PASSWORD = "alice-password-console-0001";
    private static final String XSS = "<script>window.__xss = 1</script><img src=x onerror=\"window.__xss = 2\">";
    private static final int WIDTH = 1400;
    private static final int HEIGHT = 1000;

    @TempDir
    Path dataDir;
    @TempDir
    Path profile;

    @Test
    void showsGroupsCachesNodeAclAndEventsAsTextAndRefreshes() throws Exception {
        ServerConfig config = new ServerConfig("127.0.0.1", 0, dataDir, false, null, null, null, "us-east-1",
                "000000000000", Duration.ZERO, ServiceSettings.Quotas.AWS_DEFAULTS, KEY, SECRET)
                .withOperator(new ServerConfig.Operator(true, null, false)).withStopNodesOnExit(true);
        try (CachewardenServer server = new CachewardenServer(config, new CacheConfig(null, Duration.ofMillis(500)))) {
            server.start();
            URI endpoint = URI.create("http://127.0.0.1:" + server.port());
            ElastiCacheClient ec = ElastiCacheClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)))
                    .httpClient(UrlConnectionHttpClient.create()).build();
            ec.createUser(r -> r.userId("alice").userName("alice").engine("redis").accessString("on ~app:* +@read")
                    .passwords(PASSWORD));
            ec.createUser(r -> r.userId("bob").userName("bob").engine("redis").accessString("on ~* +@all")
                    .authenticationMode(m -> m.type("no-password-required")));
            ec.createUserGroup(r -> r.userGroupId("team-g").engine("redis").userIds("default", "alice"));
            Await.userGroup(ec, "team-g", "active", Duration.ofSeconds(10));
            ec.createReplicationGroup(r -> r.replicationGroupId("orders-rg").replicationGroupDescription(XSS)
                    .engine("redis").numCacheClusters(2).transitEncryptionEnabled(true).userGroupIds("team-g"));
            Await.replicationGroup(ec, "orders-rg", "available", Duration.ofSeconds(60));

            // The state the page reads: loopback only (by address and by Host), read-only, no secrets.
            String state = raw(server.port(), "GET /console/state HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            assertThat(state).startsWith("HTTP/1.1 200").contains("\"userGroupId\":\"team-g\"")
                    .doesNotContain(PASSWORD).doesNotContain(PasswordHash.of(PASSWORD).sha256Hex()).doesNotContain(SECRET);
            assertThat(raw(server.port(), "GET /console/state HTTP/1.1\r\nHost: rebound.example:" + server.port() + "\r\n"))
                    .startsWith("HTTP/1.1 403");
            assertThat(raw(server.port(), "POST /console/state HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n"))
                    .startsWith("HTTP/1.1 405");
            assertThat(raw(server.port(), "GET /console HTTP/1.1\r\nHost: localhost\r\n"))
                    .startsWith("HTTP/1.1 200").contains("Content-Security-Policy: default-src 'none'; script-src 'self'");

            try (Chromium chromium = Chromium.launch(profile, WIDTH, HEIGHT)) {
                chromium.open("http://localhost:" + server.port() + "/console", WIDTH, HEIGHT);
                // Both nodes checked by the reconciler and shown in sync.
                String caches = awaitText(chromium, "caches", t -> t.contains("orders-rg-001") && t.contains("orders-rg-002")
                        && t.split("in sync", -1).length - 1 == 2);
                assertThat(caches).contains("available").contains("primary").contains("replica").contains("team-g");
                String groups = text(chromium, "user-groups");
                assertThat(groups).contains("team-g").contains("active").contains("default, alice").contains("orders-rg");
                assertThat(text(chromium, "users")).contains("alice").contains("password").contains("on ~app:* -@all +@read")
                        .doesNotContain(PasswordHash.of(PASSWORD).sha256Hex());
                assertThat(text(chromium, "events")).contains("Replication group orders-rg created")
                        .contains("Cache cluster created");

                // The stored script is shown as text and never ran.
                assertThat(caches).contains(XSS);
                assertThat(chromium.evaluate("typeof window.__xss").asText()).isEqualTo("undefined");
                assertThat(chromium.evaluate("document.querySelectorAll('main script, main img').length").asInt()).isZero();

                // A change held back by a hanging ACL apply shows as modifying with its PendingChanges,
                // then as applied, on the same page: it refreshes by itself.
                post(server.port(), "/_cachewarden/faults", "{\"nodes\": [{\"cacheId\": \"orders-rg\", \"aclApply\": \"hang\"}]}");
                ec.modifyUserGroup(r -> r.userGroupId("team-g").userIdsToAdd("bob"));
                awaitText(chromium, "user-groups", t -> t.contains("modifying") && t.contains("add [bob], remove []"));
                Files.createDirectories(Path.of("target", "console-it"));
                Files.write(Path.of("target", "console-it", "console-modifying.png"), chromium.screenshot());
                raw(server.port(), "DELETE /_cachewarden/faults HTTP/1.1\r\nHost: localhost\r\n");
                awaitText(chromium, "user-groups", t -> t.contains("active") && t.matches("(?s).*team-g\tactive\t[^\t]*bob.*")
                        && !t.contains("add [bob]"));
                awaitText(chromium, "events", t -> t.contains("Modifications applied to user group team-g"));
                awaitText(chromium, "caches", t -> t.split("in sync", -1).length - 1 == 2);

                byte[] png = chromium.screenshot();
                assertThat(png).startsWith(0x89, 'P', 'N', 'G');
                Files.write(Path.of("target", "console-it", "console.png"), png);
            }
        }
    }

    private static String text(Chromium chromium, String table) throws Exception {
        return chromium.evaluate("document.body && document.body.dataset.loaded === 'true' ? document.querySelector('#" + table
                + " tbody').innerText : ''").asText();
    }

    private static String awaitText(Chromium chromium, String table, java.util.function.Predicate<String> done) {
        return Await.until(Duration.ofSeconds(30), () -> text(chromium, table), done);
    }

    private static void post(int port, String path, String json) throws Exception {
        String answer = raw(port, "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json);
        assertThat(answer).startsWith("HTTP/1.1 200");
    }

    /** One request on its own connection, answer read to the end (the Host header is ours to set). */
    private static String raw(int port, String head) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            String request = head.contains("\r\n\r\n") ? head : head + "Connection: close\r\n\r\n";
            if (head.contains("\r\n\r\n")) {
                request = head.replaceFirst("\r\n\r\n", "\r\nConnection: close\r\n\r\n");
            }
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
