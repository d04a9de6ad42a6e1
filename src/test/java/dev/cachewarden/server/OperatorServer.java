package dev.cachewarden.server;

import dev.cachewarden.service.ServiceSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;

/** An in-process server with chosen operator endpoints, a client without retries, and plain HTTP calls. */
final class OperatorServer implements AutoCloseable {
    static final String KEY = "AKIDOPERATORTEST";
    static final String SECRET = "operator-test-secret-key-0001";

    final CachewardenServer server;
    final URI endpoint;
    final ElastiCacheClient ec;

    OperatorServer(ServerConfig.Operator operator, Path dataDir, Duration transitionDelay) throws Exception {
        this(operator, dataDir, transitionDelay, CacheConfig.defaults());
    }

    OperatorServer(ServerConfig.Operator operator, Path dataDir, Duration transitionDelay, CacheConfig caches)
            throws Exception {
        this(operator, dataDir, transitionDelay, caches, "127.0.0.1");
    }

    OperatorServer(ServerConfig.Operator operator, Path dataDir, Duration transitionDelay, CacheConfig caches,
            String bind) throws Exception {
        ServerConfig config = new ServerConfig(bind, 0, dataDir, dataDir == null, null, null, null, "us-east-1",
                "000000000000", transitionDelay, ServiceSettings.Quotas.AWS_DEFAULTS, KEY, SECRET)
                .withOperator(operator).withStopNodesOnExit(true);
        server = new CachewardenServer(config, caches);
        server.start();
        endpoint = URI.create("http://127.0.0.1:" + server.port());
        ec = ElastiCacheClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(s -> s.maxAttempts(1)))
                .build();
    }

    HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        ec.close();
        server.close();
    }
}
