package dev.cachewarden.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.durability.ServerProcess;
import dev.cachewarden.e2e.Await;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.UserGroup;

/**
 * Two server processes started with {@code --database-url} on one PostgreSQL: when one is killed with
 * SIGKILL right after accepting a change, the other completes the transition.
 */
class PostgresFailoverIT {
    static PostgresCluster postgres;

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresCluster.shared();
    }

    @Test
    void theSurvivingInstanceCompletesWhatTheKilledOneAccepted() throws Exception {
        // The cluster trusts loopback, so the password is ignored; it is there to prove it is not logged.
        String url = postgres.createDatabase() + "?user=" + PostgresCluster.USER + "&password=hunter2-not-logged";
        try (ServerProcess a = ServerProcess.start(work, "--database-url", url, "--transition-delay", "2s");
                ServerProcess b = ServerProcess.start(work, "--database-url", url, "--transition-delay", "2s")) {
            ElastiCacheClient viaA = a.client();
            ElastiCacheClient viaB = b.client();
            viaA.createUser(r -> r.userId("erin").userName("erin").engine("redis").accessString("on ~* +@all")
                    .noPasswordRequired(true));
            viaA.createUserGroup(r -> r.userGroupId("failover").engine("redis").userIds("default"));
            awaitStatus(viaB, "failover", "active");

            assertThat(viaA.modifyUserGroup(r -> r.userGroupId("failover").userIdsToAdd("erin")).status())
                    .isEqualTo("modifying");
            a.kill();

            UserGroup group = awaitStatus(viaB, "failover", "active");
            assertThat(group.userIds()).containsExactly("default", "erin");
            assertThat(viaB.describeUsers(r -> r.userId("erin")).users().get(0).userGroupIds())
                    .containsExactly("failover");
            assertThat(a.log()).contains("state: PostgreSQL").contains("password=***")
                    .doesNotContain("hunter2-not-logged");
        }
    }

    static UserGroup awaitStatus(ElastiCacheClient ec, String groupId, String status) {
        return Await.userGroup(ec, groupId, status, Duration.ofSeconds(30));
    }
}
