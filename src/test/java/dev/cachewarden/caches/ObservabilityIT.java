package dev.cachewarden.caches;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.e2e.Await;
import dev.cachewarden.server.CachewardenServer;
import dev.cachewarden.server.CacheConfig;
import dev.cachewarden.server.ServerConfig;
import dev.cachewarden.service.ServiceSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.Event;
import software.amazon.awssdk.services.elasticache.model.SourceType;

/**
 * A replication group on real redis-server nodes, observed and disturbed on purpose: its events,
 * its metrics, node faults that keep a user group modifying (fail, then hang) until removed, and
 * the reset endpoint stopping its nodes.
 */
class ObservabilityIT {
    @TempDir
    Path dataDir;

    @Test
    void eventsMetricsNodeFaultsAndReset() throws Exception {
        ServerConfig config = new ServerConfig("127.0.0.1", 0, dataDir, false, null, null, null, "us-east-1",
                "000000000000", Duration.ZERO, ServiceSettings.Quotas.AWS_DEFAULTS, "AKIDOBSIT", "obs-it-secret-key-0001")
                .withOperator(new ServerConfig.Operator(true, null, true)).withStopNodesOnExit(true);
        try (CachewardenServer server = new CachewardenServer(config,
                new CacheConfig(null, Duration.ofMillis(500)))) {
            server.start();
            URI endpoint = URI.create("http://127.0.0.1:" + server.port());
            ElastiCacheClient ec = ElastiCacheClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create("AKIDOBSIT", "obs-it-secret-key-0001")))
                    .httpClient(UrlConnectionHttpClient.create()).build();
            ec.createUser(r -> r.userId("alice").userName("alice").engine("redis").accessString("on ~* +@all")
                    .passwords("alice-password-0001"));
            ec.createUserGroup(r -> r.userGroupId("g").engine("redis").userIds("default"));
            Await.userGroup(ec, "g", "active", Duration.ofSeconds(10));
            ec.createReplicationGroup(r -> r.replicationGroupId("rg").replicationGroupDescription("obs")
                    .engine("redis").numCacheClusters(2).transitEncryptionEnabled(true).userGroupIds("g"));
            var rg = Await.replicationGroup(ec, "rg", "available", Duration.ofSeconds(60));
            List<String> nodeIds = rg.memberClusters();

            // Events: the group and each of its nodes.
            assertThat(ec.describeEvents(r -> r.sourceType(SourceType.REPLICATION_GROUP).sourceIdentifier("rg"))
                    .events()).extracting(Event::message)
                    .containsExactly("Replication group rg created", "Creation of replication group rg started");
            for (String node : nodeIds) {
                assertThat(ec.describeEvents(r -> r.sourceType(SourceType.CACHE_CLUSTER).sourceIdentifier(node))
                        .events()).extracting(Event::message).containsExactly("Cache cluster created");
            }

            // Metrics: both nodes run, the reconciler passes and finds their ACL as desired, a client
            // connection on the front is counted while it is open.
            Await.untilAsserted(Duration.ofSeconds(15), () -> {
                String metrics = get(endpoint, "/metrics");
                assertThat(metrics).contains("cachewarden_nodes{state=\"running\"} 2.0")
                        .contains("cachewarden_cache_acl_in_sync{cache_id=\"rg\"} 1.0")
                        .containsPattern("cachewarden_reconcile_pass_duration_seconds_count [1-9]");
            });
            int port = rg.nodeGroups().get(0).primaryEndpoint().port();
            double before = value(get(endpoint, "/metrics"), "cachewarden_front_connections");
            try (RedisProbe redis = new RedisProbe(server.nodes().caCertificate());
                    var connection = redis.connect(port, true, null, null)) {
                assertThat(connection.sync().ping()).isEqualTo("PONG");
                assertThat(value(get(endpoint, "/metrics"), "cachewarden_front_connections")).isEqualTo(before + 1);
            }
            Await.untilAsserted(Duration.ofSeconds(5), () ->
                    assertThat(value(get(endpoint, "/metrics"), "cachewarden_front_connections")).isEqualTo(before));
            // An IAM user outside the cache's user group is refused, and counted by reason.
            ec.createUser(r -> r.userId("app").userName("app").engine("redis").accessString("on ~* +@all")
                    .authenticationMode(m -> m.type("iam")));
            String refusals = "cachewarden_iam_refusals_total{reason=\"not_in_user_group\"}";
            double refusedBefore = get(endpoint, "/metrics").contains(refusals) ? value(get(endpoint, "/metrics"), refusals) : 0;
            try (RedisProbe redis = new RedisProbe(server.nodes().caCertificate())) {
                assertThat(redis.canAuthenticate(port, true, "app", "not-a-token-at-all")).isFalse();
            }
            assertThat(value(get(endpoint, "/metrics"), refusals)).isEqualTo(refusedBefore + 1);

            // A failing ACL apply keeps the group modifying; removing the fault lets it finish.
            post(endpoint, "/_cachewarden/faults", "{\"nodes\": [{\"cacheId\": \"rg\", \"aclApply\": \"fail\"}]}");
            ec.modifyUserGroup(r -> r.userGroupId("g").userIdsToAdd("alice"));
            Thread.sleep(2_000);
            assertThat(ec.describeUserGroups(r -> r.userGroupId("g")).userGroups().get(0).status()).isEqualTo("modifying");
            delete(endpoint, "/_cachewarden/faults");
            Await.userGroup(ec, "g", "active", Duration.ofSeconds(30));

            // A hanging one too.
            post(endpoint, "/_cachewarden/faults", "{\"nodes\": [{\"cacheId\": \"rg\", \"aclApply\": \"hang\"}]}");
            ec.modifyUserGroup(r -> r.userGroupId("g").userIdsToRemove("alice"));
            Thread.sleep(2_000);
            assertThat(ec.describeUserGroups(r -> r.userGroupId("g")).userGroups().get(0).status()).isEqualTo("modifying");
            assertThat(get(endpoint, "/metrics")).containsPattern("cachewarden_transitions_pending [1-9]");
            delete(endpoint, "/_cachewarden/faults");
            Await.userGroup(ec, "g", "active", Duration.ofSeconds(30));
            assertThat(ec.describeEvents(r -> r.sourceType(SourceType.USER_GROUP).sourceIdentifier("g")).events())
                    .extracting(Event::message).startsWith("Modifications applied to user group g");

            // Reset stops the managed nodes and forgets the group.
            assertThat(post(endpoint, "/_cachewarden/reset", "")).contains("\"reset\":true");
            assertThat(server.nodes().supervisor().running()).isEmpty();
            assertThat(ec.describeReplicationGroups(r -> { }).replicationGroups()).isEmpty();
            assertThat(get(endpoint, "/metrics")).doesNotContain("cache_id=\"rg\"");
        }
    }

    private static double value(String metrics, String series) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + java.util.regex.Pattern.quote(series)
                + " (\\S+)$").matcher(metrics);
        assertThat(m.find()).as(series).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static String get(URI endpoint, String path) throws Exception {
        return send(HttpRequest.newBuilder(endpoint.resolve(path)).GET().build());
    }

    private static String post(URI endpoint, String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(endpoint.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static String delete(URI endpoint, String path) throws Exception {
        return send(HttpRequest.newBuilder(endpoint.resolve(path)).DELETE().build());
    }

    private static String send(HttpRequest request) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
