package dev.cachewarden.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.e2e.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.Tag;
import software.amazon.awssdk.services.elasticache.model.User;
import software.amazon.awssdk.services.elasticache.model.UserGroup;

/**
 * Every change the server acknowledged survives a {@code kill -9} of its process, and a transition
 * in flight when it died completes after the next start.
 */
class KillDashNineIT {
    @TempDir
    Path work;

    @Test
    void everyAcknowledgedChangeSurvivesSigkill() throws Exception {
        Path data = work.resolve("data");
        List<String> acknowledged = new ArrayList<>();
        try (ServerProcess server = ServerProcess.start(work, "--data-dir", data.toString())) {
            ElastiCacheClient ec = server.client();
            ec.createUserGroup(r -> r.userGroupId("survivors").engine("redis").userIds("default"));
            ec.addTagsToResource(r -> r.resourceName(groupArn("survivors"))
                    .tags(Tag.builder().key("team").value("cache").build()));
            // The answers come back as fast as the server commits; the kill follows the last at once,
            // so a commit still sitting in memory (H2's default write delay) would be lost.
            for (int i = 0; i < 25; i++) {
                String id = "user-" + i;
                ec.createUser(r -> r.userId(id).userName(id).engine("redis").accessString("on ~k:* +get")
                        .noPasswordRequired(true));
                acknowledged.add(id);
            }
            ec.modifyUser(r -> r.userId("user-0").accessString("on ~* +@all"));
            ec.deleteUser(r -> r.userId("user-1"));
            awaitGroupStatus(ec, "survivors", "active");
            ec.modifyUserGroup(r -> r.userGroupId("survivors").userIdsToAdd("user-2", "user-24"));
            // Commits from concurrent requests too: each one acknowledged must be on disk.
            List<String> burst = java.util.Collections.synchronizedList(new ArrayList<>());
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
                for (int i = 0; i < 24; i++) {
                    String id = "burst-" + i;
                    pool.submit(() -> {
                        ec.createUser(r -> r.userId(id).userName(id).engine("redis").accessString("on ~* +@all")
                                .noPasswordRequired(true));
                        burst.add(id);
                    });
                }
            }
            server.kill();
            assertThat(burst).hasSize(24);
            acknowledged.addAll(burst);
        }

        try (ServerProcess restarted = ServerProcess.start(work, "--data-dir", data.toString())) {
            ElastiCacheClient ec = restarted.client();
            List<String> present = ec.describeUsersPaginator(r -> r.maxRecords(100)).users().stream()
                    .map(User::userId).toList();
            List<String> expected = new ArrayList<>(acknowledged);
            expected.remove("user-1");
            assertThat(present).containsAll(expected).contains("default");
            await().atMost(Duration.ofSeconds(30)).until(() -> ec.describeUsers(r -> r.maxRecords(100)).users()
                    .stream().noneMatch(u -> u.userId().equals("user-1")));
            assertThat(ec.describeUsers(r -> r.userId("user-0")).users().get(0).accessString())
                    .isEqualTo("on ~* +@all");
            assertThat(ec.listTagsForResource(r -> r.resourceName(groupArn("survivors"))).tagList())
                    .extracting(Tag::key, Tag::value).containsExactly(org.assertj.core.groups.Tuple.tuple("team", "cache"));
            UserGroup group = awaitGroupStatus(ec, "survivors", "active");
            assertThat(group.userIds()).containsExactly("default", "user-2", "user-24");
        }
    }

    @Test
    void aTransitionInFlightCompletesAfterTheNextStart() throws Exception {
        Path data = work.resolve("data");
        try (ServerProcess server = ServerProcess.start(work, "--data-dir", data.toString(),
                "--transition-delay", "3s")) {
            ElastiCacheClient ec = server.client();
            ec.createUser(r -> r.userId("carol").userName("carol").engine("redis").accessString("on ~* +@all")
                    .noPasswordRequired(true));
            ec.createUserGroup(r -> r.userGroupId("inflight").engine("redis").userIds("default"));
            awaitGroupStatus(ec, "inflight", "active");
            var answer = ec.modifyUserGroup(r -> r.userGroupId("inflight").userIdsToAdd("carol"));
            assertThat(answer.status()).isEqualTo("modifying");
            assertThat(answer.pendingChanges().userIdsToAdd()).containsExactly("carol");
            server.kill();
        }

        try (ServerProcess restarted = ServerProcess.start(work, "--data-dir", data.toString(),
                "--transition-delay", "3s")) {
            UserGroup group = awaitGroupStatus(restarted.client(), "inflight", "active");
            assertThat(group.userIds()).containsExactly("default", "carol");
            assertThat(group.pendingChanges()).isNull();
            assertThat(restarted.client().describeUsers(r -> r.userId("carol")).users().get(0).userGroupIds())
                    .containsExactly("inflight");
        }
    }

    @Test
    void sigtermStopsCleanlyWithStatusZero() throws Exception {
        Path data = work.resolve("data");
        try (ServerProcess server = ServerProcess.start(work, "--data-dir", data.toString())) {
            server.client().createUser(r -> r.userId("dave").userName("dave").engine("redis")
                    .accessString("on ~* +@all").noPasswordRequired(true));
            assertThat(server.terminate(Duration.ofSeconds(5))).as("exit status within 5 s of SIGTERM").isZero();
            assertThat(server.log()).contains("cachewarden stopped");
        }
        try (ServerProcess restarted = ServerProcess.start(work, "--data-dir", data.toString())) {
            assertThat(restarted.client().describeUsers(r -> r.userId("dave")).users()).hasSize(1);
        }
    }

    static UserGroup awaitGroupStatus(ElastiCacheClient ec, String groupId, String status) {
        return Await.userGroup(ec, groupId, status, Duration.ofSeconds(30));
    }

    private static String groupArn(String id) {
        return "arn:aws:elasticache:us-east-1:000000000000:usergroup:" + id;
    }
}
