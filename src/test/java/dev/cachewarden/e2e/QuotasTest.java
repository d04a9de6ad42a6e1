package dev.cachewarden.e2e;

import static dev.cachewarden.e2e.Faults.assertFault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.junit.Cachewarden;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.UserGroupQuotaExceededException;
import software.amazon.awssdk.services.elasticache.model.UserNotFoundException;
import software.amazon.awssdk.services.elasticache.model.UserQuotaExceededException;

/** UserQuotaExceeded and UserGroupQuotaExceeded, on a server built with small quotas. */
class QuotasTest {
    static void user(ElastiCacheClient ec, String id) {
        ec.createUser(r -> r.userId(id).userName(id).engine("redis").accessString("on ~* +@all")
                .noPasswordRequired(true));
    }

    @Test
    void usersQuotaExcludesTheBuiltInDefaultUser() throws Exception {
        try (Cachewarden server = Cachewarden.builder().maxUsers(3).start()) {
            ElastiCacheClient ec = server.client();
            user(ec, "q1");
            user(ec, "q2");
            user(ec, "q3");
            assertFault(() -> user(ec, "q4"), UserQuotaExceededException.class, 400, "UserQuotaExceeded");
            // A deleted user frees its place once it is gone.
            ec.deleteUser(r -> r.userId("q1"));
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                    assertFault(() -> ec.describeUsers(r -> r.userId("q1")), UserNotFoundException.class, 404,
                            "UserNotFound"));
            user(ec, "q4");
            assertThat(ec.describeUsers(r -> {}).users()).hasSize(4);
        }
    }

    @Test
    void groupsAndUsersPerGroupQuotas() throws Exception {
        try (Cachewarden server = Cachewarden.builder().maxUserGroups(2).maxUsersPerUserGroup(3).start()) {
            ElastiCacheClient ec = server.client();
            user(ec, "m1");
            user(ec, "m2");
            user(ec, "m3");
            assertFault(() -> ec.createUserGroup(r -> r.userGroupId("big").engine("redis")
                    .userIds("default", "m1", "m2", "m3")), UserGroupQuotaExceededException.class, 400,
                    "UserGroupQuotaExceeded");
            ec.createUserGroup(r -> r.userGroupId("g1").engine("redis").userIds("default", "m1", "m2"));
            ec.createUserGroup(r -> r.userGroupId("g2").engine("redis").userIds("default"));
            assertFault(() -> ec.createUserGroup(r -> r.userGroupId("g3").engine("redis").userIds("default")),
                    UserGroupQuotaExceededException.class, 400, "UserGroupQuotaExceeded");
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() ->
                    ec.describeUserGroups(r -> r.userGroupId("g1")).userGroups().get(0).status().equals("active"));
            assertFault(() -> ec.modifyUserGroup(r -> r.userGroupId("g1").userIdsToAdd("m3")),
                    UserGroupQuotaExceededException.class, 400, "UserGroupQuotaExceeded");
            // A swap keeps the count and is accepted.
            assertThat(ec.modifyUserGroup(r -> r.userGroupId("g1").userIdsToAdd("m3").userIdsToRemove("m1")).status())
                    .isEqualTo("modifying");
        }
    }

    @Test
    void simultaneousCreatesAtTheQuotaAcceptOnlyWhatFits() throws Exception {
        try (Cachewarden server = Cachewarden.builder().maxUsers(2).start()) {
            ElastiCacheClient ec = server.client();
            user(ec, "r0");
            java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(12)) {
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                for (int i = 1; i <= 12; i++) {
                    String id = "r" + i;
                    pool.submit(() -> {
                        go.await();
                        try {
                            user(ec, id);
                            accepted.incrementAndGet();
                        } catch (UserQuotaExceededException e) {
                            refused.incrementAndGet();
                        }
                        return null;
                    });
                }
                go.countDown();
            }
            assertThat(accepted.get()).isEqualTo(1);
            assertThat(refused.get()).isEqualTo(11);
            assertThat(ec.describeUsers(r -> {}).users()).hasSize(3);
        }
    }
}
