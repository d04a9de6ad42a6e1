package dev.cachewarden.caches;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/** Replication groups as the lifecycle tests use them: TLS, a user group with alice, made through the API. */
final class TlsGroups {
    static final String USER = "alice";
    static final String PASSWORD = "alice-password-0001";

    private TlsGroups() {}

    /** alice and the user group {@code g} (default, alice), once per server's state. */
    static void createUserGroup(ElastiCacheClient ec) {
        ec.createUser(r -> r.userId(USER).userName(USER).engine("redis").accessString("on ~* +@all").passwords(PASSWORD));
        ec.createUserGroup(r -> r.userGroupId("g").engine("redis").userIds("default", USER));
        await().atMost(Duration.ofSeconds(30)).until(() -> ec.describeUserGroups(r -> r.userGroupId("g"))
                .userGroups().get(0).status().equals("active"));
    }

    /** {@link #createUserGroup}, then {@link #create}: a server's first TLS replication group. */
    static ReplicationGroup createWithUserGroup(ElastiCacheClient ec, String id, int nodes) {
        createUserGroup(ec);
        return create(ec, id, nodes);
    }

    /** Creates the group and waits until it is available. */
    static ReplicationGroup create(ElastiCacheClient ec, String id, int nodes) {
        ec.createReplicationGroup(r -> r.replicationGroupId(id).replicationGroupDescription("lifecycle test")
                .numCacheClusters(nodes).transitEncryptionEnabled(true).userGroupIds("g"));
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(
                () -> ec.describeReplicationGroups(r -> r.replicationGroupId(id)).replicationGroups().get(0),
                g -> g.status().equals("available"));
    }

    static int primaryPort(ReplicationGroup group) {
        return group.nodeGroups().get(0).primaryEndpoint().port();
    }

    /** Every member's own port, in member order. */
    static List<Integer> memberPorts(ReplicationGroup group) {
        return group.nodeGroups().get(0).nodeGroupMembers().stream().map(m -> m.readEndpoint().port()).toList();
    }

    static List<String> memberIds(ReplicationGroup group) {
        return group.nodeGroups().get(0).nodeGroupMembers().stream().map(m -> m.cacheClusterId()).toList();
    }
}
