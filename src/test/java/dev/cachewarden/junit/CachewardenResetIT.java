package dev.cachewarden.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.e2e.Await;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.NodeGroupMember;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;
import software.amazon.awssdk.services.elasticache.model.Tag;

/** A reset with caches running: their redis-server processes stop, and every id is free again. */
class CachewardenResetIT {

    @Test
    void resetStopsTheNodesAndForgetsEverything() {
        try (Cachewarden cw = Cachewarden.builder().temporaryDataDir().reconcileInterval(Duration.ofSeconds(1))
                .start()) {
            ElastiCacheClient ec = cw.client();
            ec.createUser(r -> r.userId("alice").userName("alice").engine("redis").accessString("on ~* +@all")
                    .passwords("alice-password-0001"));
            ec.createUserGroup(r -> r.userGroupId("g").engine("redis").userIds("default", "alice"));
            Await.userGroup(ec, "g", "active", Duration.ofSeconds(20));
            ec.createReplicationGroup(r -> r.replicationGroupId("rg").replicationGroupDescription("reset")
                    .engine("redis").numCacheClusters(2).transitEncryptionEnabled(true).userGroupIds("g").tags(Tag.builder().key("k").value("v")
                            .build()));
            ReplicationGroup rg = Await.replicationGroup(ec, "rg", "available", Duration.ofSeconds(30));
            List<ProcessHandle> nodes = rg.nodeGroups().get(0).nodeGroupMembers().stream()
                    .map(NodeGroupMember::cacheClusterId)
                    .map(id -> ProcessHandle.of(cw.server().nodes().supervisor().pid(id).orElseThrow()).orElseThrow())
                    .toList();
            assertThat(nodes).hasSize(2).allMatch(ProcessHandle::isAlive);
            // An unfinished transition must not survive the reset either.
            ec.modifyUserGroup(r -> r.userGroupId("g").userIdsToRemove("alice"));

            cw.reset();

            assertThat(nodes).noneMatch(CachewardenResetIT::running);
            assertThat(ec.describeReplicationGroups(r -> { }).replicationGroups()).isEmpty();
            assertThat(ec.describeUserGroups(r -> { }).userGroups()).isEmpty();
            assertThat(ec.describeUsers(r -> { }).users()).extracting(u -> u.userId()).containsExactly("default");
            String rgArn = "arn:aws:elasticache:us-east-1:000000000000:replicationgroup:rg";
            ec.createUserGroup(r -> r.userGroupId("g").engine("redis").userIds("default"));
            Await.userGroup(ec, "g", "active", Duration.ofSeconds(20));
            ec.createReplicationGroup(r -> r.replicationGroupId("rg").replicationGroupDescription("again")
                    .engine("redis").numCacheClusters(1));
            assertThat(ec.listTagsForResource(r -> r.resourceName(rgArn)).tagList()).isEmpty();
            Await.replicationGroup(ec, "rg", "available", Duration.ofSeconds(30));
        }
    }

    /** Alive and not a zombie: a stopped node waits as one until init reaps it, and isAlive still counts it. */
    private static boolean running(ProcessHandle p) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(p.pid()), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return p.isAlive() && state != 'Z' && state != 'X';
        } catch (java.io.IOException gone) {
            return false;
        }
    }
}
