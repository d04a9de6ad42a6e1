package dev.cachewarden.front.iam;

import static org.awaitility.Awaitility.await;

import dev.cachewarden.front.RawClient;
import dev.cachewarden.junit.Cachewarden;
import java.nio.file.Path;
import java.time.Duration;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.InputAuthenticationType;

/**
 * A cachewarden server with one TLS replication group {@code rg} on Redis 7 whose user group holds
 * {@code default} and the IAM user {@value #USER}: what the token tests talk to through the front.
 */
final class IamReplicationGroup implements AutoCloseable {
    static final String USER = "iam-app";
    static final String WRONGPASS = "-WRONGPASS invalid username-password pair or user is disabled.";

    final Cachewarden server;
    final ElastiCacheClient ec;
    final int port;
    final Path ca;

    IamReplicationGroup(Path dataDir) {
        server = Cachewarden.builder().dataDir(dataDir).reconcileInterval(Duration.ofSeconds(2)).start();
        ec = server.client();
        ca = server.server().nodes().caCertificate();
        ec.createUser(r -> r.userId(USER).userName(USER).engine("redis").accessString("on ~app:* +@all")
                .authenticationMode(m -> m.type(InputAuthenticationType.IAM)));
        ec.createUserGroup(r -> r.userGroupId("g").engine("redis").userIds("default", USER));
        await().atMost(Duration.ofSeconds(20)).until(() -> "active".equals(
                ec.describeUserGroups(r -> r.userGroupId("g")).userGroups().get(0).status()));
        ec.createReplicationGroup(r -> r.replicationGroupId("rg").replicationGroupDescription("iam")
                .engine("redis").numCacheClusters(1).transitEncryptionEnabled(true).userGroupIds("g"));
        port = await().atMost(Duration.ofSeconds(30)).until(
                () -> ec.describeReplicationGroups(r -> r.replicationGroupId("rg")).replicationGroups().get(0),
                g -> g.status().equals("available")).nodeGroups().get(0).primaryEndpoint().port();
    }

    /** Tokens for {@value #USER} on rg, signed with the server's root key. */
    IamTokens tokens() {
        return IamTokens.forCache("rg", USER, false, Cachewarden.DEFAULT_ACCESS_KEY_ID,
                Cachewarden.DEFAULT_SECRET_ACCESS_KEY);
    }

    RawClient client() throws Exception {
        return RawClient.tls(port, ca);
    }

    @Override
    public void close() {
        server.close();
    }
}
