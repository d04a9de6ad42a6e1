package dev.cachewarden.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.junit.Cachewarden;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.service.Transitions;
import dev.cachewarden.store.TaskGoneException;
import dev.cachewarden.store.TaskKind;
import dev.cachewarden.store.TaskQueue.Task;
import dev.cachewarden.store.jdbc.JdbcStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.UserGroup;

/**
 * Two workers on one PostgreSQL never complete a task twice: a leased task is not handed to the
 * other, and a worker that comes back after its lease ran out (and the task was completed by the
 * other) has its completion rolled back instead of applying a later change early.
 */
class TaskFenceIT {
    static PostgresCluster postgres;
    static Cachewarden server;
    static JdbcStore otherInstance;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresCluster.shared();
        String url = postgres.createDatabase();
        // This instance's own worker never finds a task due within the test.
        server = Cachewarden.builder().databaseUrl(url, PostgresCluster.USER, "").transitionDelay(Duration.ofHours(1))
                .start();
        otherInstance = JdbcStore.postgres(url, PostgresCluster.USER, "");
    }

    @AfterAll
    static void stop() throws Exception {
        if (otherInstance != null) {
            otherInstance.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aTaskIsLeasedToOneWorkerAndTakesEffectOnce() {
        ElastiCacheClient ec = server.client();
        Transitions transitions = new Transitions(otherInstance, new ServiceSettings("us-east-1", "000000000000",
                Duration.ZERO, ServiceSettings.Quotas.AWS_DEFAULTS, Clock.systemUTC()));
        ec.createUser(r -> r.userId("fenced").userName("fenced").engine("redis").accessString("on ~* +@all")
                .noPasswordRequired(true));
        ec.createUserGroup(r -> r.userGroupId("fence").engine("redis").userIds("default"));

        long later = System.currentTimeMillis() + Duration.ofHours(2).toMillis();
        List<Task> claimed = otherInstance.inTransaction(tx -> tx.tasks().claimDue(later, later + 60_000, 10));
        assertThat(claimed).singleElement().satisfies(t -> {
            assertThat(t.kind()).isEqualTo(TaskKind.USER_GROUP_CREATE);
            assertThat(t.resourceId()).isEqualTo("fence");
        });
        List<Task> again = otherInstance.inTransaction(tx -> tx.tasks().claimDue(later, later + 60_000, 10));
        assertThat(again).as("a leased task is not handed out again").isEmpty();

        Task create = claimed.get(0);
        transitions.complete(create);
        assertThat(group(ec).status()).isEqualTo("active");

        ec.modifyUserGroup(r -> r.userGroupId("fence").userIdsToAdd("fenced"));
        // A stale worker completing the same create task again must not activate the pending change.
        assertThatThrownBy(() -> transitions.complete(create)).isInstanceOf(TaskGoneException.class);
        UserGroup group = group(ec);
        assertThat(group.status()).isEqualTo("modifying");
        assertThat(group.userIds()).containsExactly("default");
        assertThat(group.pendingChanges().userIdsToAdd()).containsExactly("fenced");
    }

    private static UserGroup group(ElastiCacheClient ec) {
        return ec.describeUserGroups(r -> r.userGroupId("fence")).userGroups().get(0);
    }
}
