package dev.cachewarden.front.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.junit.Cachewarden;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.protocol.ProtocolVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.InputAuthenticationType;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/**
 * An IAM user end to end, as AWS documents it: a TLS replication group on Redis 7, the user in its
 * group, Lettuce connecting through the front with a credentials provider that makes a fresh token
 * with the AWS SDK's signer for every connection, and redis-cli with a token as its password. The
 * node's ACL decides what the user may do; an expired token is refused as a wrong password; leaving
 * the group, or switching to password authentication, closes the user's open connections.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class IamConnectionIT {
    static final String USER = "iam-app";
    static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";

    @TempDir
    static Path dataDir;
    static Cachewarden server;
    static ElastiCacheClient ec;
    static RedisClient lettuce;
    static int port;
    static Path ca;

    @BeforeAll
    static void start() throws Exception {
        server = Cachewarden.builder().dataDir(dataDir).reconcileInterval(Duration.ofMillis(500)).start();
        ec = server.client();
        ca = server.server().nodes().caCertificate();
        ec.createUser(r -> r.userId(USER).userName(USER).engine("redis").accessString("on ~app:* +@all -del")
                .authenticationMode(m -> m.type(InputAuthenticationType.IAM)));
        ec.createUserGroup(r -> r.userGroupId("g").engine("redis").userIds("default", USER));
        await().atMost(Duration.ofSeconds(20)).until(() -> "active".equals(
                ec.describeUserGroups(r -> r.userGroupId("g")).userGroups().get(0).status()));
        ec.createReplicationGroup(r -> r.replicationGroupId("rg").replicationGroupDescription("iam")
                .engine("redis").numCacheClusters(1).transitEncryptionEnabled(true).userGroupIds("g"));
        ReplicationGroup rg = await().atMost(Duration.ofSeconds(30)).until(
                () -> ec.describeReplicationGroups(r -> r.replicationGroupId("rg")).replicationGroups().get(0),
                g -> g.status().equals("available"));
        port = rg.nodeGroups().get(0).primaryEndpoint().port();
        lettuce = client(ProtocolVersion.RESP3);
    }

    /** RESP3 authenticates with HELLO 3 AUTH user token, RESP2 with AUTH user token. */
    static RedisClient client(ProtocolVersion protocol) {
        RedisClient client = RedisClient.create();
        client.setOptions(ClientOptions.builder().autoReconnect(false).protocolVersion(protocol)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(3)).build())
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(3)))
                .sslOptions(SslOptions.builder().jdkSslProvider().trustManager(ca.toFile()).build()).build());
        return client;
    }

    @AfterAll
    static void stop() {
        if (lettuce != null) {
            lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        if (server != null) {
            server.close();
        }
    }

    /** As AWS's Lettuce example: a credentials provider that signs a new token whenever Lettuce authenticates. */
    record IamCredentialsProvider(String userId, Supplier<String> token) implements RedisCredentialsProvider {
        @Override
        public Mono<RedisCredentials> resolveCredentials() {
            return Mono.fromSupplier(() -> RedisCredentials.just(userId, token.get()));
        }
    }

    static IamTokens tokens() {
        return IamTokens.forCache("rg", USER, false, Cachewarden.DEFAULT_ACCESS_KEY_ID, Cachewarden.DEFAULT_SECRET_ACCESS_KEY);
    }

    static StatefulRedisConnection<String, String> connect(Supplier<String> token) {
        RedisURI uri = RedisURI.builder().withHost("127.0.0.1").withPort(port).withSsl(true)
                .withVerifyPeer(SslVerifyMode.FULL).withTimeout(Duration.ofSeconds(3))
                .withAuthentication(new IamCredentialsProvider(USER, token)).build();
        return lettuce.connect(uri);
    }

    @Test
    void lettuceWithTheSdkSignerAndRedisCliWithATokenConnectAndTheAclApplies() throws Exception {
        try (StatefulRedisConnection<String, String> c = connect(() -> tokens().withAws4Signer())) {
            assertThat(c.sync().set("app:k", "v")).isEqualTo("OK");
            assertThat(c.sync().get("app:k")).isEqualTo("v");
            assertThat(c.sync().aclWhoami()).isEqualTo(USER);
            assertThatThrownBy(() -> c.sync().set("other:k", "v")).hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> c.sync().del("app:k")).hasMessageContaining("NOPERM");
        }
        try (StatefulRedisConnection<String, String> c = connect(() -> tokens().withAwsV4HttpSigner())) {
            assertThat(c.sync().get("app:k")).isEqualTo("v");
        }
        RedisClient resp2 = client(ProtocolVersion.RESP2);
        try (StatefulRedisConnection<String, String> c = resp2.connect(RedisURI.builder().withHost("127.0.0.1")
                .withPort(port).withSsl(true).withVerifyPeer(SslVerifyMode.FULL).withTimeout(Duration.ofSeconds(3))
                .withAuthentication(new IamCredentialsProvider(USER, () -> tokens().withAws4Signer())).build())) {
            assertThat(c.sync().get("app:k")).as("with AUTH instead of HELLO").isEqualTo("v");
        } finally {
            resp2.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        assertThat(redisCli(tokens().withBotocore(), "GET", "app:k")).isEqualTo("v");
        assertThat(redisCli(tokens().withAws4Signer(), "SET", "app:cli", "1")).isEqualTo("OK");
    }

    @Test
    void anExpiredTokenIsAWrongPassword() throws Exception {
        IamTokens old = tokens().at(Instant.now().minus(Duration.ofMinutes(16)));
        assertThatThrownBy(() -> connect(old::withAws4Signer).sync().ping()).hasStackTraceContaining("WRONGPASS");
        assertThat(redisCli(old.withBotocore(), "PING")).contains("WRONGPASS");
        // A token for another cache, and a password in place of a token, likewise.
        assertThat(redisCli(tokens().cache("other").withAws4Signer(), "PING")).contains("WRONGPASS");
        assertThat(redisCli("not-a-token-0123456789", "PING")).contains("WRONGPASS");
    }

    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE) // last: it takes the user out of the group the other tests connect through
    void leavingTheGroupOrSwitchingToPasswordsClosesTheConnections() throws Exception {
        try (StatefulRedisConnection<String, String> c = connect(() -> tokens().withAws4Signer())) {
            assertThat(c.sync().ping()).isEqualTo("PONG");
            ec.modifyUser(r -> r.userId(USER).authenticationMode(m -> m.type(InputAuthenticationType.PASSWORD)
                    .passwords("a-password-of-16-chars")));
            await().atMost(Duration.ofSeconds(20)).until(() -> !c.isOpen() || !pings(c));
        }
        assertThatThrownBy(() -> connect(() -> tokens().withAws4Signer()).sync().ping())
                .hasStackTraceContaining("WRONGPASS");
        ec.modifyUser(r -> r.userId(USER).authenticationMode(m -> m.type(InputAuthenticationType.IAM)));
        await().atMost(Duration.ofSeconds(20)).until(() -> canConnect());
        try (StatefulRedisConnection<String, String> c = connect(() -> tokens().withAws4Signer())) {
            assertThat(c.sync().ping()).isEqualTo("PONG");
            ec.modifyUserGroup(r -> r.userGroupId("g").userIdsToRemove(USER));
            await().atMost(Duration.ofSeconds(20)).until(() -> !c.isOpen() || !pings(c));
        }
        assertThat(redisCli(tokens().withAws4Signer(), "PING")).contains("WRONGPASS");
    }

    @Test
    void aServerlessCacheTakesTokensWithResourceTypeServerlessCache() throws Exception {
        ec.createUser(r -> r.userId("iam-sls").userName("iam-sls").engine("redis").accessString("on ~* +@all")
                .authenticationMode(m -> m.type(InputAuthenticationType.IAM)));
        ec.createUserGroup(r -> r.userGroupId("sg").engine("redis").userIds("default", "iam-sls"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "active".equals(
                ec.describeUserGroups(r -> r.userGroupId("sg")).userGroups().get(0).status()));
        ec.createServerlessCache(r -> r.serverlessCacheName("sls").engine("redis").userGroupId("sg"));
        int slsPort = await().atMost(Duration.ofSeconds(30)).until(
                () -> ec.describeServerlessCaches(r -> r.serverlessCacheName("sls")).serverlessCaches().get(0),
                c -> c.status().equals("available")).endpoint().port();
        IamTokens sls = IamTokens.forCache("sls", "iam-sls", true, Cachewarden.DEFAULT_ACCESS_KEY_ID, Cachewarden.DEFAULT_SECRET_ACCESS_KEY);
        RedisURI uri = RedisURI.builder().withHost("127.0.0.1").withPort(slsPort).withSsl(true)
                .withVerifyPeer(SslVerifyMode.FULL).withTimeout(Duration.ofSeconds(3))
                .withAuthentication(new IamCredentialsProvider("iam-sls", sls::withAws4Signer)).build();
        StatefulRedisConnection<String, String> kept = lettuce.connect(uri);
        try (StatefulRedisConnection<String, String> c = lettuce.connect(uri)) {
            assertThat(c.sync().set("k", "v")).isEqualTo("OK");
            assertThat(c.sync().aclWhoami()).isEqualTo("iam-sls");
        }
        // The mistake of BerriAI/litellm#38413: a serverless token signed without ResourceType.
        RedisURI without = RedisURI.builder().withHost("127.0.0.1").withPort(slsPort).withSsl(true)
                .withVerifyPeer(SslVerifyMode.FULL).withTimeout(Duration.ofSeconds(3))
                .withAuthentication(new IamCredentialsProvider("iam-sls", sls.serverless(false)::withAws4Signer)).build();
        assertThatThrownBy(() -> lettuce.connect(without).sync().ping()).hasStackTraceContaining("WRONGPASS");
        // A deleted user loses its open connections.
        assertThat(kept.sync().ping()).isEqualTo("PONG");
        ec.deleteUser(r -> r.userId("iam-sls"));
        await().atMost(Duration.ofSeconds(20)).until(() -> !kept.isOpen() || !pings(kept));
        kept.close();
    }

    @Test
    void theNodeSecretAndTheTokensAreNowhereInTheDataDir() throws Exception {
        String token = tokens().withAws4Signer();
        try (StatefulRedisConnection<String, String> c = connect(() -> token)) {
            assertThat(c.sync().ping()).isEqualTo("PONG");
        }
        String secret = server.server().nodes().iamSecrets().nodeSecret(USER);
        String signature = token.substring(token.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length());
        try (var files = java.nio.file.Files.walk(dataDir)) {
            for (Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                if (f.toString().endsWith(".sock")) {
                    continue;
                }
                String content = new String(java.nio.file.Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertThat(content).as(f.toString()).doesNotContain(secret).doesNotContain(signature);
            }
        }
    }

    static boolean pings(StatefulRedisConnection<String, String> c) {
        try {
            return "PONG".equals(c.sync().ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    static boolean canConnect() {
        try (StatefulRedisConnection<String, String> c = connect(() -> tokens().withAws4Signer())) {
            return pings(c);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** redis-cli --tls --user <user> --pass <token>, as a shell user would run it. */
    static String redisCli(String token, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port),
                "--tls", "--cacert", ca.toString(), "--user", USER, "--pass", token, "--no-auth-warning"));
        args.addAll(List.of(command));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
