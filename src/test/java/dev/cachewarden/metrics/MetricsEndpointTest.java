package dev.cachewarden.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.junit.Cachewarden;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.UserNotFoundException;

/** GET /metrics after real SDK calls: counters by action and code, latency histograms, state gauges. */
class MetricsEndpointTest {
    @Test
    void countsRequestsByActionAndCodeAndExposesGauges() throws Exception {
        try (Cachewarden server = Cachewarden.builder().inMemory().start()) {
            String before = scrape(server.endpoint());
            double createdBefore = value(before, "cachewarden_api_requests_total{action=\"CreateUser\",code=\"OK\"}");
            double missingBefore = value(before,
                    "cachewarden_api_requests_total{action=\"DescribeUsers\",code=\"UserNotFound\"}");

            ElastiCacheClient ec = server.client();
            ec.createUser(r -> r.userId("m1").userName("m1").engine("redis").accessString("on ~* +@all")
                    .passwords("a-long-enough-password"));
            ec.modifyUser(r -> r.userId("m1").accessString("on ~app:* +@read"));
            assertThatThrownBy(() -> ec.describeUsers(r -> r.userId("nobody")))
                    .isInstanceOf(UserNotFoundException.class);

            String text = scrape(server.endpoint());
            assertThat(value(text, "cachewarden_api_requests_total{action=\"CreateUser\",code=\"OK\"}"))
                    .isEqualTo(createdBefore + 1);
            assertThat(value(text, "cachewarden_api_requests_total{action=\"DescribeUsers\",code=\"UserNotFound\"}"))
                    .isEqualTo(missingBefore + 1);
            assertThat(text).contains("# TYPE cachewarden_api_request_duration_seconds histogram")
                    .containsPattern("cachewarden_api_request_duration_seconds_bucket\\{action=\"CreateUser\",le=\"0\\.1\"\\} ")
                    .contains("cachewarden_api_request_duration_seconds_count{action=\"CreateUser\"}")
                    .contains("cachewarden_transitions_pending ")
                    .contains("cachewarden_transitions_oldest_age_seconds ")
                    .contains("cachewarden_nodes{state=\"running\"}")
                    .contains("cachewarden_nodes{state=\"down\"}")
                    .contains("cachewarden_front_connections ")
                    .contains("cachewarden_acl_drift_repairs_total ")
                    .contains("cachewarden_reconcile_pass_duration_seconds_count ");
            // ModifyUser left a transition (the in-memory server has no delay, but it may not have run yet).
            assertThat(value(text, "cachewarden_transitions_pending")).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void unknownActionsShareOneLabel() throws Exception {
        try (Cachewarden server = Cachewarden.builder().inMemory().noAuth().start()) {
            HttpClient http = HttpClient.newHttpClient();
            for (String action : new String[] {"NoSuchThing1", "NoSuchThing2"}) {
                http.send(HttpRequest.newBuilder(server.endpoint())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("Action=" + action + "&Version=2015-02-02")).build(),
                        HttpResponse.BodyHandlers.ofString());
            }
            String text = scrape(server.endpoint());
            assertThat(text).doesNotContain("NoSuchThing")
                    .contains("cachewarden_api_requests_total{action=\"unknown\",code=\"InvalidAction\"}");
        }
    }

    static String scrape(URI endpoint) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(endpoint.resolve("/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        return response.body();
    }

    static double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
