package dev.cachewarden.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cachewarden.junit.Cachewarden;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.CreateUserResponse;

/**
 * The request log in JSON, as {@code --log-format json} writes it: one line per API request with its
 * id, action, principal, status, code and latency; and, at DEBUG for every logger, no password, secret
 * key or signature anywhere in the log after requests that carried them.
 */
class RequestLogTest {
    static final String PASSWORD = "Request-Log-Password-0001";
    static final String NEW_PASSWORD = "Request-Log-Password-0002";
    static final String WRONG_SECRET = "not-the-secret-key-but-a-secret-still";

    @Test
    void oneJsonLinePerRequestAndNoSecret() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(LogConfigurator.encoder(context, "json"));
        appender.setOutputStream(bytes);
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.DEBUG);
        String requestId;
        String secretKey;
        try (Cachewarden server = Cachewarden.builder().inMemory().start()) {
            secretKey = server.secretAccessKey();
            ElastiCacheClient ec = server.client();
            CreateUserResponse created = ec.createUser(r -> r.userId("logged").userName("logged").engine("redis")
                    .accessString("on ~* +@all").passwords(PASSWORD));
            requestId = created.responseMetadata().requestId();
            ec.modifyUser(r -> r.userId("logged").passwords(PASSWORD, NEW_PASSWORD));
            assertThatThrownBy(() -> ec.createUser(r -> r.userId("logged").userName("logged").engine("redis")
                    .accessString("on ~* +@all").passwords(PASSWORD)));
            try (ElastiCacheClient wrong = client(server.endpoint(), server.accessKeyId(), WRONG_SECRET)) {
                assertThatThrownBy(() -> wrong.describeUsers(r -> { }));
            }
        } finally {
            root.detachAppender(appender);
            root.setLevel(before);
            appender.stop();
        }
        String log = bytes.toString(StandardCharsets.UTF_8);

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> requests = new ArrayList<>();
        for (String line : log.split("\n")) {
            JsonNode node = json.readTree(line); // every line is one JSON object
            if ("dev.cachewarden.requests".equals(node.path("logger").asText())) {
                requests.add(node);
            }
        }
        assertThat(requests).hasSize(4);
        JsonNode first = requests.get(0);
        assertThat(first.path("requestId").asText()).isEqualTo(requestId);
        assertThat(first.path("action").asText()).isEqualTo("CreateUser");
        assertThat(first.path("principal").asText()).startsWith("arn:aws:iam::");
        assertThat(first.path("status").asInt()).isEqualTo(200);
        assertThat(first.path("status").isNumber()).isTrue();
        assertThat(first.path("code").asText()).isEqualTo("OK");
        assertThat(first.path("latencyMs").isNumber()).isTrue();
        assertThat(requests.get(2).path("code").asText()).isEqualTo("UserAlreadyExists");
        assertThat(requests.get(2).path("status").asInt()).isEqualTo(400);
        assertThat(requests.get(3).path("code").asText()).isEqualTo("SignatureDoesNotMatch");
        assertThat(requests.get(3).path("principal").asText()).isEqualTo("-");

        assertThat(log).doesNotContain(PASSWORD).doesNotContain(NEW_PASSWORD).doesNotContain(secretKey)
                .doesNotContain(WRONG_SECRET).doesNotContainIgnoringCase("Signature=");
    }

    private static ElastiCacheClient client(URI endpoint, String accessKeyId, String secret) {
        return ElastiCacheClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD).retryStrategy(r -> r.maxAttempts(1)))
                .build();
    }
}
