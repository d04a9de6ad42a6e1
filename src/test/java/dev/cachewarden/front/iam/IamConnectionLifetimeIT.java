package dev.cachewarden.front.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.junit.Cachewarden;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.protocol.ProtocolVersion;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.InputAuthenticationType;

/**
 * The connection lifetime of IAM users, set as a user sets it ({@code --iam-connection-lifetime}):
 * a connection is closed once the lifetime has passed since its last AUTH, and a fresh AUTH renews it.
 */
class IamConnectionLifetimeIT {
    static final String USER = "iam-short";
    static final Duration LIFETIME = Duration.ofSeconds(3);

    @TempDir
    Path dataDir;

    @Test
    void aConnectionEndsWhenItsLifetimeHasPassedUnlessAFreshTokenRenewsIt() throws Exception {
        try (Cachewarden server = Cachewarden.builder().dataDir(dataDir).iamConnectionLifetime(LIFETIME).start()) {
            ElastiCacheClient ec = server.client();
            ec.createUser(r -> r.userId(USER).userName(USER).engine("redis").accessString("on ~* +@all")
                    .authenticationMode(m -> m.type(InputAuthenticationType.IAM)));
            ec.createUserGroup(r -> r.userGroupId("g").engine("redis").userIds("default", USER));
            await().atMost(Duration.ofSeconds(20)).until(() -> "active".equals(
                    ec.describeUserGroups(r -> r.userGroupId("g")).userGroups().get(0).status()));
            ec.createReplicationGroup(r -> r.replicationGroupId("life").replicationGroupDescription("iam")
                    .engine("redis").numCacheClusters(1).transitEncryptionEnabled(true).userGroupIds("g"));
            int port = await().atMost(Duration.ofSeconds(30)).until(
                    () -> ec.describeReplicationGroups(r -> r.replicationGroupId("life")).replicationGroups().get(0),
                    g -> g.status().equals("available")).nodeGroups().get(0).primaryEndpoint().port();
            IamTokens tokens = IamTokens.forCache("life", USER, false, Cachewarden.DEFAULT_ACCESS_KEY_ID,
                    Cachewarden.DEFAULT_SECRET_ACCESS_KEY);

            RedisClient lettuce = RedisClient.create();
            lettuce.setOptions(ClientOptions.builder().autoReconnect(false).protocolVersion(ProtocolVersion.RESP2)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(3)).build())
                    .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(3)))
                    .sslOptions(SslOptions.builder().jdkSslProvider()
                            .trustManager(server.server().nodes().caCertificate().toFile()).build()).build());
            RedisURI uri = RedisURI.builder().withHost("127.0.0.1").withPort(port).withSsl(true)
                    .withVerifyPeer(SslVerifyMode.FULL).withTimeout(Duration.ofSeconds(3))
                    .withAuthentication(new IamConnectionIT.IamCredentialsProvider(USER, tokens::withAws4Signer))
                    .build();
            try (StatefulRedisConnection<String, String> renewed = lettuce.connect(uri);
                 StatefulRedisConnection<String, String> left = lettuce.connect(uri)) {
                assertThat(left.sync().ping()).isEqualTo("PONG");
                long until = System.nanoTime() + LIFETIME.plusSeconds(2).toNanos();
                while (System.nanoTime() < until) {
                    // A fresh token within the lifetime starts it again, as on ElastiCache.
                    assertThat(renewed.sync().auth(USER, tokens.withAws4Signer())).isEqualTo("OK");
                    Thread.sleep(1_000);
                }
                await().atMost(Duration.ofSeconds(5)).until(() -> !left.isOpen());
                assertThatThrownBy(() -> left.sync().ping()).as("closed after its lifetime").isNotNull();
                assertThat(renewed.sync().ping()).as("renewed by its fresh AUTH").isEqualTo("PONG");
            } finally {
                lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
    }
}
