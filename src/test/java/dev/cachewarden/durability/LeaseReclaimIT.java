package dev.cachewarden.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.junit.Cachewarden;
import dev.cachewarden.store.TaskQueue.Task;
import dev.cachewarden.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticache.model.UserGroup;

/**
 * A worker killed while it held a task's lease must not hold the transition up after a restart: the
 * embedded store belongs to one process, so the next start takes every lease back at once.
 */
class LeaseReclaimIT {
    @TempDir
    Path data;

    @Test
    void aLeaseLeftByADeadProcessDoesNotDelayCompletion() throws Exception {
        try (Cachewarden server = Cachewarden.builder().dataDir(data).transitionDelay(Duration.ofSeconds(2)).start()) {
            server.client().createUserGroup(r -> r.userGroupId("leased").engine("redis").userIds("default"));
        }
        // The task falls due in two seconds. What a worker leaves behind when killed between claiming it
        // and completing it: a lease, here one that would run for hours.
        try (JdbcStore store = JdbcStore.embedded(data)) {
            long later = System.currentTimeMillis() + Duration.ofHours(2).toMillis();
            List<Task> claimed = store.inTransaction(tx -> tx.tasks().claimDue(later, later + 3_600_000, 10));
            assertThat(claimed).extracting(Task::resourceId).containsExactly("leased");
        }
        try (Cachewarden restarted = Cachewarden.builder().dataDir(data).start()) {
            UserGroup group = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> restarted.client().describeUserGroups(r -> r.userGroupId("leased")).userGroups()
                            .get(0), g -> g.status().equals("active"));
            assertThat(group.userIds()).containsExactly("default");
        }
    }
}
