package dev.cachewarden.caches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.e2e.Await;
import dev.cachewarden.engine.node.Ports;
import dev.cachewarden.junit.Cachewarden;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.InvalidParameterCombinationException;
import software.amazon.awssdk.services.elasticache.model.ServerlessCache;
import software.amazon.awssdk.services.elasticache.model.ServerlessCacheAlreadyExistsException;
import software.amazon.awssdk.services.elasticache.model.ServerlessCacheNotFoundException;

/** The same flow on a serverless cache: its one TLS node enforces the attached user group. */
class ServerlessCacheAclIT {
    static Cachewarden server;
    static ElastiCacheClient ec;
    static RedisProbe redis;

    @BeforeAll
    static void start() throws Exception {
        server = Cachewarden.builder().reconcileInterval(Duration.ofMillis(500)).start();
        ec = server.client();
        redis = new RedisProbe(server.server().nodes().caCertificate());
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void serverlessCacheEnforcesItsUserGroup() {
        ec.createUser(r -> r.userId("erin").userName("erin").engine("redis").accessString("on ~* +@all")
                .passwords("erin-password-000001"));
        ec.createUser(r -> r.userId("frank").userName("frank").engine("redis").accessString("on ~* +@all")
                .passwords("frank-password-00001"));
        ec.createUserGroup(r -> r.userGroupId("sg").engine("redis").userIds("default", "erin"));
        await().atMost(Duration.ofSeconds(10)).until(() -> groupStatus("sg").equals("active"));

        ServerlessCache created = ec.createServerlessCache(r -> r.serverlessCacheName("sls").engine("redis")
                .userGroupId("sg").description("serverless")).serverlessCache();
        assertThat(created.status()).isEqualTo("creating");
        assertThatThrownBy(() -> ec.createServerlessCache(r -> r.serverlessCacheName("sls").engine("redis")))
                .isInstanceOf(ServerlessCacheAlreadyExistsException.class);
        ServerlessCache cache = awaitCache("available");
        int port = cache.endpoint().port();
        assertThat(cache.userGroupId()).isEqualTo("sg");
        assertThat(ec.describeUserGroups(r -> r.userGroupId("sg")).userGroups().get(0).serverlessCaches())
                .containsExactly("sls");
        assertThat(ec.describeReplicationGroups(r -> { }).replicationGroups()).isEmpty();
        assertThat(redis.canAuthenticate(port, true, "erin", "erin-password-000001")).isTrue();
        assertThat(redis.canAuthenticate(port, true, "frank", "frank-password-00001")).isFalse();

        ec.modifyUserGroup(r -> r.userGroupId("sg").userIdsToAdd("frank").userIdsToRemove("erin"));
        await().atMost(Duration.ofSeconds(20)).until(() -> groupStatus("sg").equals("active"));
        assertThat(redis.canAuthenticate(port, true, "frank", "frank-password-00001")).isTrue();
        assertThat(redis.canAuthenticate(port, true, "erin", "erin-password-000001")).isFalse();

        assertThatThrownBy(() -> ec.modifyServerlessCache(r -> r.serverlessCacheName("sls").userGroupId("sg")))
                .isInstanceOf(InvalidParameterCombinationException.class).hasMessageContaining("No modifications");
        // Swapping the group in one call: frank (sg) is out, sg2's default (with a password) is in.
        ec.createUser(r -> r.userId("sls-default").userName("default").engine("redis").accessString("on ~* +@all")
                .passwords("default-password-001"));
        ec.createUserGroup(r -> r.userGroupId("sg2").engine("redis").userIds("sls-default"));
        await().atMost(Duration.ofSeconds(10)).until(() -> groupStatus("sg2").equals("active"));
        assertThat(ec.modifyServerlessCache(r -> r.serverlessCacheName("sls").userGroupId("sg2")).serverlessCache()
                .status()).isEqualTo("modifying");
        assertThat(awaitCache("available").userGroupId()).isEqualTo("sg2");
        assertThat(redis.canAuthenticate(port, true, "frank", "frank-password-00001")).isFalse();
        assertThat(redis.canAuthenticate(port, true, null, null)).isFalse();
        assertThat(redis.canAuthenticate(port, true, "default", "default-password-001")).isTrue();

        ec.modifyServerlessCache(r -> r.serverlessCacheName("sls").removeUserGroup(true));
        ServerlessCache open = awaitCache("available");
        assertThat(open.userGroupId()).isNull();
        assertThat(redis.canAuthenticate(port, true, "frank", "frank-password-00001")).isFalse();
        assertThat(ec.describeUserGroups(r -> r.userGroupId("sg2")).userGroups().get(0).serverlessCaches()).isEmpty();
        assertThat(redis.canAuthenticate(port, true, null, null)).as("open once detached").isTrue();

        ec.deleteServerlessCache(r -> r.serverlessCacheName("sls"));
        await().atMost(Duration.ofSeconds(20)).until(() -> ec.describeServerlessCaches(r -> { }).serverlessCaches().isEmpty());
        assertThatThrownBy(() -> ec.describeServerlessCaches(r -> r.serverlessCacheName("sls")))
                .isInstanceOf(ServerlessCacheNotFoundException.class);
        assertThat(Ports.inUse(port)).isFalse();
    }

    static String groupStatus(String id) {
        return ec.describeUserGroups(r -> r.userGroupId(id)).userGroups().get(0).status();
    }

    static ServerlessCache awaitCache(String status) {
        return Await.serverlessCache(ec, "sls", status, Duration.ofSeconds(20));
    }
}
