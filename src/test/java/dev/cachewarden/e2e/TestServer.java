package dev.cachewarden.e2e;

import dev.cachewarden.server.CacheConfig;
import dev.cachewarden.server.CachewardenServer;
import dev.cachewarden.server.ServerConfig;
import dev.cachewarden.service.ServiceSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;

/** A real cachewarden server in this JVM on a free loopback port, and SDK clients pointed at it. */
public final class TestServer implements AutoCloseable {
    public static final String ACCESS_KEY = "AKIDCACHEWARDENTEST";
    public static final String SECRET_KEY = "cachewarden-test-secret-key";

    private final CachewardenServer server;
    private final ElastiCacheClient client;
    private final boolean tls;

    private TestServer(ServerConfig config, CacheConfig caches) throws Exception {
        this.tls = config.security().tls();
        this.server = new CachewardenServer(config, caches);
        server.start();
        this.client = client(endpoint());
    }

    public static Builder builder() {
        return new Builder();
    }

    public static TestServer inMemory() throws Exception {
        return builder().start();
    }

    public URI endpoint() {
        return URI.create((tls ? "https" : "http") + "://127.0.0.1:" + server.port());
    }

    public int port() {
        return server.port();
    }

    public ElastiCacheClient client() {
        return client;
    }

    /** The server itself, for its cache nodes. */
    public CachewardenServer server() {
        return server;
    }

    /** An SDK client as a user would build one: only the endpoint differs from AWS. */
    public static ElastiCacheClient client(URI endpoint) {
        return ElastiCacheClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD).apiCallTimeout(Duration.ofSeconds(30)))
                .build();
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }

    public static final class Builder {
        private Path dataDir;
        private Duration transitionDelay = Duration.ZERO;
        private ServiceSettings.Quotas quotas = ServiceSettings.Quotas.AWS_DEFAULTS;
        private String databaseUrl;
        private String databaseUser;
        private String databasePassword;
        private ServerConfig.Security security = ServerConfig.Security.DEFAULTS;
        private CacheConfig caches = CacheConfig.defaults();

        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        public Builder transitionDelay(Duration delay) {
            this.transitionDelay = delay;
            return this;
        }

        public Builder quotas(ServiceSettings.Quotas quotas) {
            this.quotas = quotas;
            return this;
        }

        public Builder postgres(String url, String user, String password) {
            this.databaseUrl = url;
            this.databaseUser = user;
            this.databasePassword = password;
            return this;
        }

        /** How the API is guarded: principals file, --no-auth, TLS. */
        public Builder security(ServerConfig.Security security) {
            this.security = security;
            return this;
        }

        /** How cache nodes run: the engine binary and the reconcile interval. */
        public Builder caches(CacheConfig caches) {
            this.caches = caches;
            return this;
        }

        public ServerConfig config() {
            return new ServerConfig("127.0.0.1", 0, dataDir, dataDir == null && databaseUrl == null, databaseUrl,
                    databaseUser, databasePassword, "us-east-1", "000000000000", transitionDelay, quotas,
                    ACCESS_KEY, SECRET_KEY).withSecurity(security);
        }

        public TestServer start() throws Exception {
            return new TestServer(config(), caches);
        }
    }
}
