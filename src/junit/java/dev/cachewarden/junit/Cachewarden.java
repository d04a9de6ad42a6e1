package dev.cachewarden.junit;

import dev.cachewarden.server.CachewardenServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;

/**
 * A cachewarden server running inside this JVM on a free loopback port, and what an AWS SDK needs to
 * reach it: endpoint, region, credentials and, when the SDK is on the class path, a ready
 * {@link ElastiCacheClient}. Start one with {@link #builder()}; {@link CachewardenExtension} does it
 * for JUnit tests. Closing it stops the server, its cache nodes and removes a temporary data dir.
 */
public final class Cachewarden implements AutoCloseable {
    /** The root access key the server accepts unless the builder's {@code credentials} says otherwise. */
    public static final String DEFAULT_ACCESS_KEY_ID = "AKIDCACHEWARDENTEST";
    /** A fixed, test-only secret: the server binds loopback only and lives as long as the test. */
    public static final String DEFAULT_SECRET_ACCESS_KEY = "cachewarden-test-secret-key";

    private final CachewardenServer server;
    private final Path temporaryDir;
    private final String region;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final URI endpoint;
    private Object client;

    private Cachewarden(CachewardenServer server, Path temporaryDir, CachewardenOptions<?> options) {
        this.server = server;
        this.temporaryDir = temporaryDir;
        this.region = options.region;
        this.accessKeyId = options.accessKeyId;
        this.secretAccessKey = options.secretAccessKey;
        this.endpoint = URI.create((options.tlsCert != null ? "https" : "http") + "://127.0.0.1:" + server.port());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** An in-memory server with the defaults. */
    public static Cachewarden start() {
        return builder().start();
    }

    static Cachewarden start(CachewardenOptions<?> options) {
        Path temporary = null;
        try {
            Path dir = switch (options.storage) {
                case IN_MEMORY -> null;
                case DATA_DIR -> options.dataDir;
                case TEMPORARY_DIR -> temporary = Files.createTempDirectory("cachewarden-junit");
            };
            CachewardenServer server = new CachewardenServer(options.serverConfig(dir), options.cacheConfig());
            try {
                server.start();
            } catch (Exception e) {
                server.close();
                throw e;
            }
            return new Cachewarden(server, temporary, options);
        } catch (Exception e) {
            deleteTree(temporary);
            throw e instanceof RuntimeException re ? re
                    : new IllegalStateException("cachewarden did not start: " + e.getMessage(), e);
        }
    }

    /** The API endpoint, e.g. {@code http://127.0.0.1:41234}, for the SDK's {@code endpointOverride}. */
    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return server.port();
    }

    /** The region the server puts in ARNs and expects signatures for. */
    public String region() {
        return region;
    }

    /** The root access key id (SDK: {@code AwsBasicCredentials.create(accessKeyId(), secretAccessKey())}). */
    public String accessKeyId() {
        return accessKeyId;
    }

    public String secretAccessKey() {
        return secretAccessKey;
    }

    /**
     * An ElastiCache client signed with the root credentials, built once and closed with this server.
     * Needs {@code software.amazon.awssdk:elasticache} on the class path.
     */
    public synchronized ElastiCacheClient client() {
        if (client == null) {
            requireSdk();
            client = SdkClients.elastiCache(endpoint, region, accessKeyId, secretAccessKey);
        }
        return (ElastiCacheClient) client;
    }

    /** Whether the AWS SDK's ElastiCache client can be loaded here. */
    public static boolean sdkPresent() {
        try {
            Class.forName(SdkClients.CLIENT_CLASS, false, Cachewarden.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    static void requireSdk() {
        if (!sdkPresent()) {
            throw new IllegalStateException("the AWS SDK's ElastiCache client is not on the class path; add "
                    + "software.amazon.awssdk:elasticache, or use endpoint(), region() and the credentials");
        }
    }

    /** Back to the state of a fresh start: only the default user; no groups, caches, tags or tasks. */
    public void reset() {
        server.reset();
    }

    /** The server itself, for tests that look at its cache nodes. */
    public CachewardenServer server() {
        return server;
    }

    @Override
    public synchronized void close() {
        try {
            if (client != null) {
                ((AutoCloseable) client).close();
            }
        } catch (Exception ignored) {
            // the server is what matters; a client that fails to close holds nothing of it
        } finally {
            server.close();
            deleteTree(temporaryDir);
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Options of {@code cachewarden serve}; {@link #start()} starts the server. */
    public static final class Builder extends CachewardenOptions<Builder> {
        Builder() {}

        @Override
        Builder self() {
            return this;
        }

        public Cachewarden start() {
            return Cachewarden.start(this);
        }
    }
}
