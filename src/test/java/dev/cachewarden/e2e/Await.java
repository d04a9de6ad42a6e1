package dev.cachewarden.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.awaitility.core.ThrowingRunnable;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;
import software.amazon.awssdk.services.elasticache.model.ServerlessCache;
import software.amazon.awssdk.services.elasticache.model.User;
import software.amazon.awssdk.services.elasticache.model.UserGroup;

/**
 * The one way the suites wait for an asynchronous outcome (a status reached, a resource gone): polled
 * every 50 ms until the suite's own deadline, failing with what was last seen.
 */
public final class Await {
    static final Duration POLL = Duration.ofMillis(50);

    private Await() {}

    /** The value {@code read} returns once it satisfies {@code done}. */
    public static <T> T until(Duration within, Callable<T> read, Predicate<? super T> done) {
        return await().atMost(within).pollInterval(POLL).until(read, done::test);
    }

    public static void until(Duration within, Callable<Boolean> condition) {
        await().atMost(within).pollInterval(POLL).until(condition);
    }

    public static void untilAsserted(Duration within, ThrowingRunnable assertion) {
        await().atMost(within).pollInterval(POLL).untilAsserted(assertion);
    }

    public static User user(ElastiCacheClient ec, String userId, String status, Duration within) {
        return until(within, () -> ec.describeUsers(r -> r.userId(userId)).users().get(0),
                u -> u.status().equals(status));
    }

    public static UserGroup userGroup(ElastiCacheClient ec, String userGroupId, String status, Duration within) {
        return until(within, () -> ec.describeUserGroups(r -> r.userGroupId(userGroupId)).userGroups().get(0),
                g -> g.status().equals(status));
    }

    public static ReplicationGroup replicationGroup(ElastiCacheClient ec, String id, String status, Duration within) {
        return until(within, () -> ec.describeReplicationGroups(r -> r.replicationGroupId(id)).replicationGroups()
                .get(0), g -> g.status().equals(status));
    }

    public static void replicationGroupGone(ElastiCacheClient ec, String id, Duration within) {
        until(within, () -> ec.describeReplicationGroups(r -> { }).replicationGroups().stream()
                .noneMatch(g -> g.replicationGroupId().equals(id)));
    }

    public static ServerlessCache serverlessCache(ElastiCacheClient ec, String name, String status, Duration within) {
        return until(within, () -> ec.describeServerlessCaches(r -> r.serverlessCacheName(name)).serverlessCaches()
                .get(0), c -> c.status().equals(status));
    }
}
