package dev.cachewarden.caches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.SoftAssertions.assertSoftly;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.engine.CacheTaskHandler;
import dev.cachewarden.engine.node.Ports;
import dev.cachewarden.junit.Cachewarden;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.CacheCluster;
import software.amazon.awssdk.services.elasticache.model.CacheNode;
import software.amazon.awssdk.services.elasticache.model.Event;
import software.amazon.awssdk.services.elasticache.model.InvalidReplicationGroupStateException;
import software.amazon.awssdk.services.elasticache.model.InvalidServerlessCacheStateException;
import software.amazon.awssdk.services.elasticache.model.NodeGroup;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroupNotFoundException;
import software.amazon.awssdk.services.elasticache.model.ServerlessCache;
import software.amazon.awssdk.services.elasticache.model.ServerlessCacheNotFoundException;
import software.amazon.awssdk.services.elasticache.model.SourceType;
import software.amazon.awssdk.services.elasticache.model.UserGroup;

/**
 * A creation that keeps failing ends as AWS ends it: the engine binary answers {@code --version} as
 * redis-server does and then refuses to start any node, so every start of the replication groups'
 * (one without, one with cluster mode) and the serverless cache's nodes fails. After the set number
 * of attempts each cache is {@code create-failed}, its shards, member clusters and their nodes too,
 * with a "Failed to create ..." event, no node left; a modification gets the
 * state fault, its user group still lists it, and Delete removes it for good.
 */
class CreateFailedIT {
    @TempDir
    Path dir;

    @Test
    void aCreationThatKeepsFailingEndsCreateFailedAndCanBeDeleted() throws Exception {
        Path engine = dir.resolve("refusing-redis-server");
        Files.writeString(engine, """
                #!/bin/sh
                if [ "$1" = "--version" ]; then exec redis-server --version; fi
                echo "FATAL: this engine binary refuses to start any node" >&2
                exit 1
                """);
        Files.setPosixFilePermissions(engine, PosixFilePermissions.fromString("rwx------"));
        Path data = dir.resolve("data");
        System.setProperty(CacheTaskHandler.CREATE_ATTEMPTS_PROPERTY, "3");
        Cachewarden server;
        try {
            server = Cachewarden.builder().dataDir(data).engineBinary(engine).reconcileInterval(Duration.ofSeconds(1))
                    .start();
        } finally {
            System.clearProperty(CacheTaskHandler.CREATE_ATTEMPTS_PROPERTY);
        }
        try (server) {
            ElastiCacheClient ec = server.client();
            TlsGroups.createUserGroup(ec);
            ec.createReplicationGroup(r -> r.replicationGroupId("rg").replicationGroupDescription("doomed")
                    .numCacheClusters(2).transitEncryptionEnabled(true).userGroupIds("g"));
            ec.createReplicationGroup(r -> r.replicationGroupId("crg").replicationGroupDescription("doomed shards")
                    .cacheParameterGroupName("default.redis7.cluster.on").numNodeGroups(2).replicasPerNodeGroup(0)
                    .transitEncryptionEnabled(true).userGroupIds("g"));
            ec.createServerlessCache(r -> r.serverlessCacheName("sls").engine("redis").userGroupId("g"));

            ReplicationGroup rg = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(
                    () -> ec.describeReplicationGroups(r -> r.replicationGroupId("rg")).replicationGroups().get(0),
                    g -> !g.status().equals("creating"));
            assertThat(rg.status()).isEqualTo("create-failed");
            ReplicationGroup crg = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(
                    () -> ec.describeReplicationGroups(r -> r.replicationGroupId("crg")).replicationGroups().get(0),
                    g -> !g.status().equals("creating"));
            assertThat(crg.status()).isEqualTo("create-failed");
            // Its shards and member clusters say what the group says: none claims available, none stays creating.
            assertFailedThroughout(ec, rg, 1, 2);
            assertFailedThroughout(ec, crg, 2, 2);
            ServerlessCache sls = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(
                    () -> ec.describeServerlessCaches(r -> r.serverlessCacheName("sls")).serverlessCaches().get(0),
                    c -> !c.status().equals("creating"));
            assertThat(sls.status()).isEqualTo("create-failed");

            List<Event> rgEvents = ec.describeEvents(r -> r.sourceType(SourceType.REPLICATION_GROUP)
                    .sourceIdentifier("rg")).events();
            assertThat(rgEvents).anySatisfy(e -> assertThat(e.message())
                    .startsWith("Failed to create replication group rg: node rg-00")
                    .contains("refuses to start any node"));
            List<Event> slsEvents = ec.describeEvents(r -> r.sourceType(SourceType.SERVERLESS_CACHE)
                    .sourceIdentifier("sls")).events();
            assertThat(slsEvents).anySatisfy(e -> assertThat(e.message())
                    .startsWith("Failed to create serverless cache sls: "));
            assertThat(rgEvents).noneMatch(e -> e.message().equals("Replication group rg created"));

            // Nothing of them runs or is left on disk, and their endpoints listen nowhere.
            assertThat(NodeProcesses.directories(data)).isEmpty();
            assertThat(TlsGroups.memberPorts(rg)).noneMatch(Ports::inUse);
            assertThat(server.server().nodes().supervisor().running()).isEmpty();

            // Only Delete is accepted; the user group still lists both caches until then.
            assertThatThrownBy(() -> ec.modifyReplicationGroup(r -> r.replicationGroupId("rg")
                    .replicationGroupDescription("changed").applyImmediately(true)))
                    .isInstanceOf(InvalidReplicationGroupStateException.class);
            assertThatThrownBy(() -> ec.modifyServerlessCache(r -> r.serverlessCacheName("sls").description("changed")))
                    .isInstanceOf(InvalidServerlessCacheStateException.class);
            UserGroup g = ec.describeUserGroups(r -> r.userGroupId("g")).userGroups().get(0);
            assertThat(g.replicationGroups()).containsExactlyInAnyOrder("rg", "crg");
            assertThat(g.serverlessCaches()).containsExactly("sls");

            // A change to that user group has no node to reach there: it completes.
            ec.createUser(r -> r.userId("bob").userName("bob").engine("redis").accessString("on ~* +@all")
                    .passwords("bob-password-0000001"));
            ec.modifyUserGroup(r -> r.userGroupId("g").userIdsToAdd("bob"));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> ec.describeUserGroups(
                    r -> r.userGroupId("g")).userGroups().get(0).status().equals("active"));
            assertThat(ec.describeReplicationGroups(r -> r.replicationGroupId("rg")).replicationGroups().get(0).status())
                    .isEqualTo("create-failed");

            assertThat(ec.deleteReplicationGroup(r -> r.replicationGroupId("rg")).replicationGroup().status())
                    .isEqualTo("deleting");
            ec.deleteReplicationGroup(r -> r.replicationGroupId("crg"));
            ec.deleteServerlessCache(r -> r.serverlessCacheName("sls"));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                assertThatThrownBy(() -> ec.describeReplicationGroups(r -> r.replicationGroupId("rg")))
                        .isInstanceOf(ReplicationGroupNotFoundException.class);
                assertThatThrownBy(() -> ec.describeReplicationGroups(r -> r.replicationGroupId("crg")))
                        .isInstanceOf(ReplicationGroupNotFoundException.class);
                assertThatThrownBy(() -> ec.describeServerlessCaches(r -> r.serverlessCacheName("sls")))
                        .isInstanceOf(ServerlessCacheNotFoundException.class);
            });
            assertThat(ec.describeUserGroups(r -> r.userGroupId("g")).userGroups().get(0).replicationGroups()).isEmpty();
            assertThat(ec.describeEvents(r -> r.sourceType(SourceType.REPLICATION_GROUP).sourceIdentifier("rg"))
                    .events()).anyMatch(e -> e.message().equals("Replication group rg deleted"));
            // The id (and its place in the quota) is free again: the same creation is accepted.
            assertThat(ec.createReplicationGroup(r -> r.replicationGroupId("rg").replicationGroupDescription("again")
                    .numCacheClusters(1).transitEncryptionEnabled(true).userGroupIds("g")).replicationGroup().status())
                    .isEqualTo("creating");
        }
    }

    /** Every NodeGroup, member cluster and cache node of a create-failed group reports create-failed. */
    private static void assertFailedThroughout(ElastiCacheClient ec, ReplicationGroup group, int shards, int members) {
        List<CacheCluster> clusters = ec.describeCacheClusters(r -> r.showCacheNodeInfo(true)).cacheClusters().stream()
                .filter(c -> group.replicationGroupId().equals(c.replicationGroupId())).toList();
        assertSoftly(softly -> { // each level's status shown at once when several disagree
            softly.assertThat(group.nodeGroups()).hasSize(shards).extracting(NodeGroup::status)
                    .containsOnly("create-failed");
            softly.assertThat(clusters).extracting(CacheCluster::cacheClusterId)
                    .hasSize(members).containsExactlyInAnyOrderElementsOf(group.memberClusters());
            softly.assertThat(clusters).extracting(CacheCluster::cacheClusterStatus).containsOnly("create-failed");
            softly.assertThat(clusters).flatExtracting(CacheCluster::cacheNodes).extracting(CacheNode::cacheNodeStatus)
                    .hasSize(members).containsOnly("create-failed");
        });
    }
}
