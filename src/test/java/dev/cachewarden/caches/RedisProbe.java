package dev.cachewarden.caches;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.time.Duration;

/** A Redis client as an application would use one: Lettuce over TLS trusting cachewarden's CA. */
final class RedisProbe implements AutoCloseable {
    private final RedisClient client = RedisClient.create();

    RedisProbe(Path caCertificate) {
        ClientOptions.Builder options = ClientOptions.builder()
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build())
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(2)));
        if (caCertificate != null) {
            options.sslOptions(SslOptions.builder().jdkSslProvider().trustManager(caCertificate.toFile()).build());
        }
        client.setOptions(options.build());
    }

    /** Connects and authenticates; throws when the node refuses the user or password. */
    StatefulRedisConnection<String, String> connect(int port, boolean tls, String user, String password) {
        RedisURI.Builder uri = RedisURI.builder().withHost("127.0.0.1").withPort(port).withSsl(tls)
                .withVerifyPeer(tls ? SslVerifyMode.FULL : SslVerifyMode.NONE).withTimeout(Duration.ofSeconds(2));
        if (user != null) {
            uri.withAuthentication(user, password);
        }
        return client.connect(uri.build());
    }

    /** Whether {@code AUTH user password} succeeds (and PING answers) on the node. */
    boolean canAuthenticate(int port, boolean tls, String user, String password) {
        try (StatefulRedisConnection<String, String> c = connect(port, tls, user, password)) {
            return "PONG".equals(c.sync().ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
