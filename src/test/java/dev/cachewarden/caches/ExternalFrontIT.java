package dev.cachewarden.caches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.engine.node.CertificateAuthority;
import dev.cachewarden.engine.node.Ports;
import dev.cachewarden.front.iam.IamTokens;
import dev.cachewarden.junit.Cachewarden;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
 * An existing TLS Redis server, which cachewarden does not run, listed with {@code front = true}: the
 * published endpoint is then cachewarden's front, whose certificate is cachewarden's CA's and which
 * relays to the server over TLS verified against the server's own CA. An IAM user of the attached
 * group connects through it with a token made by the AWS SDK's signer; a token for another cache
 * and an expired one are refused as wrong passwords; a password user connects through the front and,
 * as before, straight to the server. The front's port survives a restart of cachewarden.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class ExternalFrontIT {
    static final String IAM_USER = "iam-app";

    @TempDir
    static Path dir;
    static Process external;
    static int serverPort;
    static Path opsCa;
    static Cachewarden server;
    static ElastiCacheClient ec;
    static RedisClient lettuce;

    @BeforeAll
    static void start() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("ops-ca"));
        CertificateAuthority.NodeCertificate cert = ca.nodeCertificate(dir.resolve("ops-node"), "ops-node");
        opsCa = cert.caCertificate();
        serverPort = Ports.free(List.of());
        external = new ProcessBuilder("redis-server", "--port", "0", "--tls-port", Integer.toString(serverPort),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--tls-cert-file", cert.certificate().toString(), "--tls-key-file", cert.key().toString(),
                "--tls-ca-cert-file", cert.caCertificate().toString(), "--tls-auth-clients", "no",
                "--user", "ops-admin", "on", ">ops-admin-password", "~*", "&*", "+@all")
                .redirectErrorStream(true).redirectOutput(dir.resolve("external.log").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> Ports.inUse(serverPort));
        Path password = dir.resolve("ops.password");
        Files.writeString(password, "ops-admin-password\n");
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(dir.resolve("external.properties"), String.join("\n",
                "legacy.nodes = 127.0.0.1:" + serverPort,
                "legacy.tls = true",
                "legacy.ca-certificate = " + opsCa,
                "legacy.admin-user = ops-admin",
                "legacy.admin-password-file = " + password,
                "legacy.front = true",
                // The same server once more, its front on another address (127/8 is all loopback here).
                "mirror.nodes = 127.0.0.1:" + serverPort,
                "mirror.tls = true",
                "mirror.ca-certificate = " + opsCa,
                "mirror.admin-user = ops-admin",
                "mirror.admin-password-file = " + password,
                "mirror.front-bind = 127.0.0.2", ""));
        server = startCachewarden();
        ec = server.client();
        ec.createUser(r -> r.userId(IAM_USER).userName(IAM_USER).engine("redis").accessString("on ~app:* +@all")
                .authenticationMode(m -> m.type(InputAuthenticationType.IAM)));
        ec.createUser(r -> r.userId("alice").userName("alice").engine("redis").accessString("on ~* +@all")
                .passwords("alice-password-0001"));
        ec.createUserGroup(r -> r.userGroupId("g").engine("redis").userIds("default", "alice", IAM_USER));
        await().atMost(Duration.ofSeconds(20)).until(() -> "active".equals(
                ec.describeUserGroups(r -> r.userGroupId("g")).userGroups().get(0).status()));
        ec.modifyReplicationGroup(r -> r.replicationGroupId("legacy").userGroupIdsToAdd("g"));
        await().atMost(Duration.ofSeconds(30)).until(() -> group().status().equals("available")
                && group().userGroupIds().equals(List.of("g")));
        lettuce = RedisClient.create();
        lettuce.setOptions(ClientOptions.builder().autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(3)).build())
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(3)))
                .sslOptions(SslOptions.builder().jdkSslProvider()
                        .trustManager(server.server().nodes().caCertificate().toFile()).build()).build());
    }

    static Cachewarden startCachewarden() {
        return Cachewarden.builder().dataDir(dir.resolve("cw-data")).reconcileInterval(Duration.ofMillis(500))
                .externalCaches(dir.resolve("external.properties")).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (lettuce != null) {
            lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        if (server != null) {
            server.close();
        }
        if (external != null) {
            external.destroy();
            external.waitFor();
        }
    }

    static ReplicationGroup group() {
        return ec.describeReplicationGroups(r -> r.replicationGroupId("legacy")).replicationGroups().get(0);
    }

    static int frontPort() {
        return group().nodeGroups().get(0).primaryEndpoint().port();
    }

    /** As AWS's Lettuce example: a fresh token from the supplier whenever Lettuce authenticates. */
    record Tokens(String userId, Supplier<String> token) implements RedisCredentialsProvider {
        @Override
        public Mono<RedisCredentials> resolveCredentials() {
            return Mono.fromSupplier(() -> RedisCredentials.just(userId, token.get()));
        }
    }

    static IamTokens tokens() {
        return IamTokens.forCache("legacy", IAM_USER, false, Cachewarden.DEFAULT_ACCESS_KEY_ID,
                Cachewarden.DEFAULT_SECRET_ACCESS_KEY);
    }

    static StatefulRedisConnection<String, String> viaFront(RedisCredentialsProvider credentials) {
        return lettuce.connect(RedisURI.builder().withHost("127.0.0.1").withPort(frontPort()).withSsl(true)
                .withVerifyPeer(SslVerifyMode.FULL).withTimeout(Duration.ofSeconds(3))
                .withAuthentication(credentials).build());
    }

    @Test
    void thePublishedEndpointIsTheFrontsOnLoopback() {
        ReplicationGroup g = group();
        assertThat(g.nodeGroups().get(0).primaryEndpoint().address()).isEqualTo("127.0.0.1");
        assertThat(frontPort()).isNotEqualTo(serverPort);
        assertThat(g.nodeGroups().get(0).nodeGroupMembers()).singleElement()
                .satisfies(m -> assertThat(m.readEndpoint().port()).isEqualTo(frontPort()));
        assertThat(ec.describeCacheClusters(r -> r.cacheClusterId("legacy-001").showCacheNodeInfo(true))
                .cacheClusters().get(0).cacheNodes().get(0).endpoint().port()).isEqualTo(frontPort());
        assertThat(server.server().nodes().front().serving(frontPort())).isTrue();
    }

    @Test
    void aFrontOnAnotherAddressPublishesItAndItsCertificateNamesIt() {
        var endpoint = ec.describeReplicationGroups(r -> r.replicationGroupId("mirror")).replicationGroups().get(0)
                .nodeGroups().get(0).primaryEndpoint();
        assertThat(endpoint.address()).isEqualTo("127.0.0.2");
        assertThat(Ports.inUse(endpoint.port())).as("nothing on 127.0.0.1 at that port").isFalse();
        try (StatefulRedisConnection<String, String> c = lettuce.connect(RedisURI.builder().withHost("127.0.0.2")
                .withPort(endpoint.port()).withSsl(true).withVerifyPeer(SslVerifyMode.FULL)
                .withTimeout(Duration.ofSeconds(3)).withAuthentication("alice", "alice-password-0001").build())) {
            assertThat(c.sync().aclWhoami()).isEqualTo("alice");
        }
    }

    @Test
    void anIamUserConnectsThroughTheFrontWithATokenFromTheSdkSigner() {
        try (StatefulRedisConnection<String, String> c = viaFront(new Tokens(IAM_USER, () -> tokens().withAws4Signer()))) {
            assertThat(c.sync().aclWhoami()).isEqualTo(IAM_USER);
            assertThat(c.sync().set("app:k", "v")).isEqualTo("OK");
            assertThat(c.sync().get("app:k")).isEqualTo("v");
            // The server's ACL, as cachewarden applied it, decides what the user may do.
            assertThatThrownBy(() -> c.sync().set("other:k", "v")).hasMessageContaining("NOPERM");
        }
    }

    @Test
    void aTokenForAnotherCacheAnExpiredOneAndTheServerItselfRefuseIt() throws Exception {
        assertThatThrownBy(() -> viaFront(new Tokens(IAM_USER, () -> tokens().cache("other").withAws4Signer()))
                .sync().ping()).hasStackTraceContaining("WRONGPASS");
        IamTokens old = tokens().at(Instant.now().minus(Duration.ofMinutes(16)));
        assertThatThrownBy(() -> viaFront(new Tokens(IAM_USER, old::withAws4Signer)).sync().ping())
                .hasStackTraceContaining("WRONGPASS");
        // Straight to the server a token is only a wrong password: the server knows the derived secret's hash only.
        try (RedisProbe direct = new RedisProbe(opsCa)) {
            assertThat(direct.canAuthenticate(serverPort, true, IAM_USER, tokens().withAws4Signer())).isFalse();
        }
    }

    @Test
    void aPasswordUserConnectsThroughTheFrontAndStraightToTheServer() throws Exception {
        try (StatefulRedisConnection<String, String> c = viaFront(
                RedisCredentialsProvider.from(() -> RedisCredentials.just("alice", "alice-password-0001")))) {
            assertThat(c.sync().aclWhoami()).isEqualTo("alice");
            assertThat(c.sync().set("alice:k", "1")).isEqualTo("OK");
        }
        try (RedisProbe direct = new RedisProbe(opsCa)) {
            assertThat(direct.canAuthenticate(serverPort, true, "alice", "alice-password-0001")).isTrue();
            assertThat(direct.canAuthenticate(serverPort, true, "alice", "wrong-password-0001")).isFalse();
        }
        try (RedisProbe front = new RedisProbe(server.server().nodes().caCertificate())) {
            assertThat(front.canAuthenticate(frontPort(), true, "alice", "wrong-password-0001")).isFalse();
        }
    }

    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE) // last: it takes the IAM user out of the group
    void leavingTheGroupClosesTheIamUsersConnectionThroughTheFront() {
        StatefulRedisConnection<String, String> c = viaFront(new Tokens(IAM_USER, () -> tokens().withAws4Signer()));
        try {
            assertThat(c.sync().ping()).isEqualTo("PONG");
            ec.modifyUserGroup(r -> r.userGroupId("g").userIdsToRemove(IAM_USER));
            // The server's ACL DELUSER closes the relayed connection; the front closes the client's.
            await().atMost(Duration.ofSeconds(20)).until(() -> !c.isOpen() || !pings(c));
        } finally {
            c.close();
        }
        assertThatThrownBy(() -> viaFront(new Tokens(IAM_USER, () -> tokens().withAws4Signer())).sync().ping())
                .hasStackTraceContaining("WRONGPASS");
    }

    static boolean pings(StatefulRedisConnection<String, String> c) {
        try {
            return "PONG".equals(c.sync().ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE - 1)
    void theFrontKeepsItsPortAcrossARestart() {
        int before = frontPort();
        server.close();
        server = startCachewarden();
        ec = server.client();
        assertThat(frontPort()).isEqualTo(before);
        assertThat(server.server().nodes().front().serving(before)).isTrue();
        try (StatefulRedisConnection<String, String> c = viaFront(new Tokens(IAM_USER, () -> tokens().withAws4Signer()))) {
            assertThat(c.sync().ping()).isEqualTo("PONG");
        }
    }
}
