package dev.cachewarden.front;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.engine.node.Ports;
import dev.cachewarden.front.iam.IamTokens;
import dev.cachewarden.junit.Cachewarden;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.InputAuthenticationType;
import software.amazon.awssdk.services.elasticache.model.ServerlessCache;

/**
 * A serverless cache as AWS serves it: a primary and a replica behind two ports of its own, Endpoint
 * and ReaderEndpoint, both over TLS; cluster-mode clients (Lettuce's RedisClusterClient, redis-cli -c)
 * find one shard there, whose primary is the Endpoint and whose replica is the ReaderEndpoint, and
 * work against it with a password user and with an IAM user.
 */
class ServerlessEndpointsIT {
    static final String PASSWORD = "app-password-000000001";
    static Cachewarden server;
    static ElastiCacheClient ec;
    static Path ca;
    static int endpoint;
    static int reader;

    @BeforeAll
    static void start() throws Exception {
        server = Cachewarden.builder().reconcileInterval(Duration.ofMillis(500)).start();
        ec = server.client();
        ca = server.server().nodes().caCertificate();
        ec.createUser(r -> r.userId("app").userName("app").engine("redis").accessString("on ~* +@all")
                .passwords(PASSWORD));
        ec.createUser(r -> r.userId("iam-app").userName("iam-app").engine("redis").accessString("on ~* +@all")
                .authenticationMode(m -> m.type(InputAuthenticationType.IAM)));
        ec.createUserGroup(r -> r.userGroupId("sg").engine("redis").userIds("default", "app", "iam-app"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "active".equals(
                ec.describeUserGroups(r -> r.userGroupId("sg")).userGroups().get(0).status()));
        ec.createServerlessCache(r -> r.serverlessCacheName("sls").engine("redis").userGroupId("sg"));
        ServerlessCache cache = await().atMost(Duration.ofSeconds(30)).until(
                () -> ec.describeServerlessCaches(r -> r.serverlessCacheName("sls")).serverlessCaches().get(0),
                c -> c.status().equals("available"));
        endpoint = cache.endpoint().port();
        reader = cache.readerEndpoint().port();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static RedisURI uri(int port, RedisCredentialsProvider credentials) {
        return RedisURI.builder().withHost("127.0.0.1").withPort(port).withSsl(true).withVerifyPeer(SslVerifyMode.FULL)
                .withTimeout(Duration.ofSeconds(5)).withAuthentication(credentials).build();
    }

    static RedisCredentialsProvider password() {
        return () -> Mono.just(RedisCredentials.just("app", PASSWORD));
    }

    static RedisClusterClient clusterClient(RedisURI uri) {
        RedisClusterClient client = RedisClusterClient.create(uri);
        client.setOptions(ClusterClientOptions.builder().protocolVersion(ProtocolVersion.RESP3)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(3)).build())
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(5)))
                .sslOptions(SslOptions.builder().jdkSslProvider().trustManager(ca.toFile()).build()).build());
        return client;
    }

    static RedisClient plainClient() {
        RedisClient client = RedisClient.create();
        client.setOptions(io.lettuce.core.ClientOptions.builder()
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(5)))
                .sslOptions(SslOptions.builder().jdkSslProvider().trustManager(ca.toFile()).build()).build());
        return client;
    }

    @Test
    void endpointsArePortsOfTheirOwnOverTls() {
        assertThat(endpoint).isNotEqualTo(reader);
        assertThat(Ports.inUse(endpoint)).isTrue();
        assertThat(Ports.inUse(reader)).isTrue();
        RedisClient plain = RedisClient.create();
        try {
            // Without TLS the front's TLS listener never answers a RESP PING.
            assertThatThrownBy(() -> plain.connect(RedisURI.builder().withHost("127.0.0.1").withPort(endpoint)
                    .withTimeout(Duration.ofSeconds(2)).build()).sync().ping()).isNotNull();
        } finally {
            plain.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void aClusterClientWithAPasswordWritesOnTheEndpointAndReadsThroughTheReaderEndpoint() {
        RedisClusterClient client = clusterClient(uri(endpoint, password()));
        try (StatefulRedisClusterConnection<String, String> c = client.connect()) {
            List<RedisClusterNode> nodes = c.getPartitions().getPartitions();
            assertThat(nodes).hasSize(2);
            RedisClusterNode primary = nodes.stream().filter(n -> n.is(RedisClusterNode.NodeFlag.UPSTREAM))
                    .findFirst().orElseThrow();
            assertThat(primary.getUri().getPort()).isEqualTo(endpoint);
            assertThat(primary.getSlots()).hasSize(16384);
            RedisClusterNode replica = nodes.stream().filter(n -> n.is(RedisClusterNode.NodeFlag.REPLICA))
                    .findFirst().orElseThrow();
            assertThat(replica.getUri().getPort()).isEqualTo(reader);
            assertThat(replica.getSlaveOf()).isEqualTo(primary.getNodeId());

            assertThat(c.sync().set("k", "v")).isEqualTo("OK");
            assertThat(c.sync().get("k")).isEqualTo("v");
            assertThat(c.sync().mset(java.util.Map.of("a", "1", "b", "2"))).isEqualTo("OK");
            c.setReadFrom(ReadFrom.REPLICA);
            assertThat(readFromReplica(client, c, "k")).isEqualTo("v");
            // The read went through the reader endpoint, to a node that is a replica.
            assertThat(c.getConnection("127.0.0.1", reader).sync().info("replication")).contains("role:slave");
            assertThat(c.getConnection("127.0.0.1", endpoint).sync().info("replication")).contains("role:master");
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theEndpointsAnswerClusterCommandsAsOneShard() {
        RedisClient client = plainClient();
        try (StatefulRedisConnection<String, String> c = client.connect(uri(endpoint, password()));
             StatefulRedisConnection<String, String> r = client.connect(uri(reader, password()))) {
            List<Object> slots = c.sync().clusterSlots();
            assertThat(slots).hasSize(1);
            List<?> shard = (List<?>) slots.get(0);
            assertThat(shard.get(0)).isEqualTo(0L);
            assertThat(shard.get(1)).isEqualTo(16383L);
            assertThat(((List<Object>) shard.get(2)).subList(0, 2)).containsExactly((Object) "127.0.0.1", (long) endpoint);
            assertThat(((List<Object>) shard.get(3)).subList(0, 2)).containsExactly((Object) "127.0.0.1", (long) reader);
            assertThat(c.sync().clusterNodes()).contains("myself,master").contains("127.0.0.1:" + reader);
            assertThat(r.sync().clusterNodes()).contains("myself,slave");
            assertThat(c.sync().clusterMyId()).hasSize(40).isNotEqualTo(r.sync().clusterMyId());
            assertThat(c.sync().clusterInfo()).contains("cluster_state:ok");
            assertThat(c.sync().clusterShards()).hasSize(1);
            assertThat(r.sync().readOnly()).isEqualTo("OK");
            assertThat(r.sync().readWrite()).isEqualTo("OK");
            assertThatThrownBy(() -> c.sync().clusterAddSlots(1)).hasMessageContaining("cluster support disabled");
            // Answers in order with what the node answers around them, pipelined.
            var async = c.async();
            c.setAutoFlushCommands(false);
            var set = async.set("order", "1");
            var nodes = async.clusterNodes();
            var get = async.get("order");
            c.flushCommands();
            c.setAutoFlushCommands(true);
            assertThat(io.lettuce.core.LettuceFutures.awaitAll(Duration.ofSeconds(5), set, nodes, get)).isTrue();
            assertThat(get.toCompletableFuture().join()).isEqualTo("1");
            assertThat(nodes.toCompletableFuture().join()).contains("connected 0-16383");
            // The reader endpoint is a replica: writes are refused there.
            assertThatThrownBy(() -> r.sync().set("x", "1")).hasMessageContaining("READONLY");
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void redisCliInClusterModeOverTls() throws Exception {
        assertThat(redisCli(endpoint, "SET", "cli", "yes")).isEqualTo("OK");
        assertThat(redisCli(endpoint, "GET", "cli")).isEqualTo("yes");
        assertThat(redisCli(endpoint, "CLUSTER", "SLOTS")).contains("16383").contains(Integer.toString(reader));
    }

    @Test
    void anIamUserConnectsThroughTheClusterClientWithAServerlessToken() {
        IamTokens tokens = IamTokens.forCache("sls", "iam-app", true, Cachewarden.DEFAULT_ACCESS_KEY_ID,
                Cachewarden.DEFAULT_SECRET_ACCESS_KEY);
        RedisCredentialsProvider iam = () -> Mono.fromSupplier(() -> RedisCredentials.just("iam-app",
                tokens.withAws4Signer()));
        RedisClusterClient client = clusterClient(uri(endpoint, iam));
        try (StatefulRedisClusterConnection<String, String> c = client.connect()) {
            assertThat(c.sync().set("iam:k", "v")).isEqualTo("OK");
            assertThat(c.sync().get("iam:k")).isEqualTo("v");
            assertThat(c.getConnection("127.0.0.1", endpoint).sync().aclWhoami()).isEqualTo("iam-app");
            c.setReadFrom(ReadFrom.REPLICA);
            assertThat(readFromReplica(client, c, "iam:k")).isEqualTo("v");
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        // Without ResourceType=ServerlessCache the token is for no serverless cache.
        RedisCredentialsProvider wrong = () -> Mono.fromSupplier(() -> RedisCredentials.just("iam-app",
                tokens.serverless(false).withAws4Signer()));
        RedisClusterClient refused = clusterClient(uri(endpoint, wrong));
        try {
            assertThatThrownBy(refused::connect).hasStackTraceContaining("WRONGPASS");
        } finally {
            refused.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /**
     * Lettuce reads from a replica only once it reports a replication offset (INFO, read at topology
     * refresh), so a replica that has synced nothing yet is no candidate: refresh until it is.
     */
    static String readFromReplica(RedisClusterClient client, StatefulRedisClusterConnection<String, String> c,
                                  String key) {
        return await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> {
            client.refreshPartitions();
            return c.sync().get(key);
        }, v -> v != null);
    }

    static String redisCli(int port, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of("redis-cli", "-c", "-h", "127.0.0.1", "-p", Integer.toString(port),
                "--tls", "--cacert", ca.toString(), "--user", "app", "--pass", PASSWORD, "--no-auth-warning"));
        args.addAll(List.of(command));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
