package dev.cachewarden.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.junit.Cachewarden;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.AuthTokenUpdateStrategyType;
import software.amazon.awssdk.services.elasticache.model.InvalidParameterCombinationException;
import software.amazon.awssdk.services.elasticache.model.InvalidParameterValueException;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/**
 * AUTH token ↔ RBAC on a real group through the front, with redis-cli: ROTATE (both tokens valid),
 * SET, and the move to a user group exactly as the Terraform provider sends it
 * (UserGroupIdsToAdd + AuthTokenUpdateStrategy=DELETE), then back (RemoveUserGroups + AuthToken + SET).
 */
class AuthTokenMigrationIT {
    static final String A = "first-auth-token-0001";
    static final String B = "second-auth-token-002";
    static final String C = "third-auth-token-0003";
    static Cachewarden server;
    static ElastiCacheClient ec;
    static RedisCli cli;

    @BeforeAll
    static void start() {
        server = Cachewarden.builder().transitionDelay(Duration.ofMillis(200))
                .reconcileInterval(Duration.ofSeconds(1)).start();
        ec = server.client();
        cli = new RedisCli(server.server().nodes().caCertificate());
        ec.createUser(r -> r.userId("alice").userName("alice").engine("redis").accessString("on ~* +@all")
                .passwords("alice-password-0001"));
        ec.createUser(r -> r.userId("nodefault").userName("default").engine("redis").accessString("off")
                .noPasswordRequired(true));
        ec.createUserGroup(r -> r.userGroupId("app").engine("redis").userIds("nodefault", "alice"));
        await().atMost(Duration.ofSeconds(20)).until(() -> ec.describeUserGroups(r -> r.userGroupId("app"))
                .userGroups().get(0).status().equals("active"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void rotateSetThenToRbacAndBack() {
        ec.createReplicationGroup(r -> r.replicationGroupId("tok").replicationGroupDescription("token")
                .numCacheClusters(1).transitEncryptionEnabled(true).authToken(A));
        int port = available("tok").nodeGroups().get(0).primaryEndpoint().port();
        assertThat(cli.token(port, A, "SET", "k", "v")).isEqualTo("OK");
        assertThat(cli.run(port, true, null, null, "GET", "k")).contains("NOAUTH");

        // ROTATE: the new token and the one before both work until the next change.
        ReplicationGroup rotating = ec.modifyReplicationGroup(r -> r.replicationGroupId("tok").applyImmediately(true)
                .authToken(B).authTokenUpdateStrategy(AuthTokenUpdateStrategyType.ROTATE)).replicationGroup();
        assertThat(rotating.status()).isEqualTo("modifying");
        assertThat(rotating.pendingModifiedValues().authTokenStatusAsString()).isEqualTo("ROTATING");
        ReplicationGroup rotated = available("tok");
        assertThat(rotated.pendingModifiedValues().authTokenStatus()).isNull();
        assertThat(rotated.authTokenEnabled()).isTrue();
        assertThat(rotated.authTokenLastModifiedDate()).isNotNull();
        assertThat(cli.token(port, A, "GET", "k")).isEqualTo("v");
        assertThat(cli.token(port, B, "GET", "k")).isEqualTo("v");

        // SET is allowed only with the token last rotated; then only that token works.
        assertThatThrownBy(() -> ec.modifyReplicationGroup(r -> r.replicationGroupId("tok").applyImmediately(true)
                .authToken(C).authTokenUpdateStrategy(AuthTokenUpdateStrategyType.SET)))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("last ROTATE");
        assertThat(ec.modifyReplicationGroup(r -> r.replicationGroupId("tok").applyImmediately(true)
                .authToken(B).authTokenUpdateStrategy(AuthTokenUpdateStrategyType.SET)).replicationGroup()
                .pendingModifiedValues().authTokenStatusAsString()).isEqualTo("SETTING");
        available("tok");
        assertThat(cli.token(port, A, "GET", "k")).contains("WRONGPASS");
        assertThat(cli.token(port, B, "GET", "k")).isEqualTo("v");

        // To RBAC: a user group without DELETE is refused in AWS's words; DELETE alone is refused too.
        assertThatThrownBy(() -> ec.modifyReplicationGroup(r -> r.replicationGroupId("tok").applyImmediately(true)
                .userGroupIdsToAdd("app")))
                .isInstanceOf(InvalidParameterCombinationException.class)
                .hasMessageContaining("User group can't be associated with auth token enabled. Pass AuthStrategy "
                        + "delete to proceed.");
        assertThatThrownBy(() -> ec.modifyReplicationGroup(r -> r.replicationGroupId("tok").applyImmediately(true)
                .authTokenUpdateStrategy(AuthTokenUpdateStrategyType.DELETE)))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("Auth token update strategy delete is not supported currently");
        // The Terraform provider's request: ApplyImmediately, UserGroupIdsToAdd, AuthTokenUpdateStrategy=DELETE.
        ec.modifyReplicationGroup(r -> r.replicationGroupId("tok").applyImmediately(true).userGroupIdsToAdd("app")
                .authTokenUpdateStrategy(AuthTokenUpdateStrategyType.DELETE));
        ReplicationGroup rbac = available("tok");
        assertThat(rbac.authTokenEnabled()).isFalse();
        assertThat(rbac.userGroupIds()).containsExactly("app");
        assertThat(cli.token(port, B, "GET", "k")).containsAnyOf("WRONGPASS", "NOAUTH");
        assertThat(cli.run(port, true, "alice", "alice-password-0001", "GET", "k")).isEqualTo("v");

        // And back: AuthToken alone is refused while the group is attached; with RemoveUserGroups it is AWS's way.
        assertThatThrownBy(() -> ec.modifyReplicationGroup(r -> r.replicationGroupId("tok").applyImmediately(true)
                .authToken(C).authTokenUpdateStrategy(AuthTokenUpdateStrategyType.SET)))
                .isInstanceOf(InvalidParameterCombinationException.class)
                .hasMessageContaining("Auth tokens can't be enabled with a user group already associated. Pass "
                        + "RemoveUserGroups to proceed.");
        ec.modifyReplicationGroup(r -> r.replicationGroupId("tok").applyImmediately(true).removeUserGroups(true)
                .authToken(C).authTokenUpdateStrategy(AuthTokenUpdateStrategyType.SET));
        ReplicationGroup back = available("tok");
        assertThat(back.authTokenEnabled()).isTrue();
        assertThat(back.userGroupIds()).isEmpty();
        assertThat(cli.token(port, C, "GET", "k")).isEqualTo("v");
        assertThat(cli.run(port, true, "alice", "alice-password-0001", "GET", "k")).containsAnyOf("WRONGPASS", "NOAUTH");
    }

    @Test
    void rotateOnAnOpenGroupKeepsItOpenUntilSet() {
        ec.createReplicationGroup(r -> r.replicationGroupId("open").replicationGroupDescription("open")
                .transitEncryptionEnabled(true));
        int port = available("open").nodeGroups().get(0).primaryEndpoint().port();
        ec.modifyReplicationGroup(r -> r.replicationGroupId("open").applyImmediately(true).authToken(A)
                .authTokenUpdateStrategy(AuthTokenUpdateStrategyType.ROTATE));
        assertThat(available("open").authTokenEnabled()).isTrue();
        assertThat(cli.run(port, true, null, null, "PING")).isEqualTo("PONG");
        // Redis refuses the one-argument AUTH while default has no password: AUTH default <token> works (docs/caches.md).
        assertThat(cli.run(port, true, "default", A, "PING")).isEqualTo("PONG");
        ec.modifyReplicationGroup(r -> r.replicationGroupId("open").applyImmediately(true).authToken(A)
                .authTokenUpdateStrategy(AuthTokenUpdateStrategyType.SET));
        available("open");
        assertThat(cli.run(port, true, null, null, "PING")).contains("NOAUTH");
        assertThat(cli.token(port, A, "PING")).isEqualTo("PONG");
    }

    static ReplicationGroup available(String id) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(
                () -> ec.describeReplicationGroups(r -> r.replicationGroupId(id)).replicationGroups().get(0),
                g -> g.status().equals("available"));
    }
}
