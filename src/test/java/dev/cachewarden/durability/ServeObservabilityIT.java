package dev.cachewarden.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cachewarden.junit.Cachewarden;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;

/**
 * {@code cachewarden serve} in its own JVM with {@code --log-format json}, {@code --enable-faults} and
 * {@code --enable-reset}: every line of its log is one JSON object, each API request has its line, and
 * neither the password sent nor the secret key appears; a bad format stops the start.
 */
class ServeObservabilityIT {
    static final String PASSWORD = "Serve-Json-Log-Password-01";

    @TempDir
    Path dir;

    @Test
    void jsonLogsFaultsAndResetFromTheCommandLine() throws Exception {
        String log;
        try (ServerProcess server = ServerProcess.start(dir, "--in-memory", "--log-format", "json", "--enable-faults",
                "--enable-reset")) {
            ElastiCacheClient ec = server.client();
            ec.createUser(r -> r.userId("u1").userName("u1").engine("redis").accessString("on ~* +@all")
                    .passwords(PASSWORD));
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> faults = http.send(HttpRequest.newBuilder(server.endpoint().resolve("/_cachewarden/faults"))
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"actions\": [{\"action\": \"DescribeUsers\", \"error\": \"InvalidParameterValue\", \"times\": 1}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(faults.statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> ec.describeUsers(r -> { })).hasMessageContaining("injected");
            HttpResponse<String> reset = http.send(HttpRequest.newBuilder(server.endpoint().resolve("/_cachewarden/reset"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(reset.statusCode()).isEqualTo(200);
            assertThat(ec.describeUsers(r -> { }).users()).hasSize(1);
            assertThat(server.terminate(Duration.ofSeconds(20))).isZero();
            log = server.log();
        }
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> requests = new ArrayList<>();
        for (String line : log.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = json.readTree(line);
            assertThat(node.isObject()).as(line).isTrue();
            if ("dev.cachewarden.requests".equals(node.path("logger").asText())) {
                requests.add(node);
            }
        }
        assertThat(requests).extracting(n -> n.path("action").asText() + " " + n.path("code").asText())
                .containsExactly("CreateUser OK", "DescribeUsers InvalidParameterValue", "DescribeUsers OK");
        assertThat(log).doesNotContain(PASSWORD).doesNotContain(Cachewarden.DEFAULT_SECRET_ACCESS_KEY);
    }

    @Test
    void anUnknownLogFormatStopsTheStart() {
        // Closed if it starts after all, so that a failing run leaves no server behind.
        assertThatThrownBy(() -> ServerProcess.start(dir, "--in-memory", "--log-format", "yaml").close())
                .hasMessageContaining("--log-format").hasMessageContaining("yaml");
    }
}
