package dev.cachewarden.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.junit.Cachewarden;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.User;
import software.amazon.awssdk.services.elasticache.model.UserGroupQuotaExceededException;
import software.amazon.awssdk.services.elasticache.model.UserQuotaExceededException;

/**
 * Two instances on one PostgreSQL, many creates in flight through both at once, quotas of 200 (far
 * above the 64 creates in flight the old lock-skipping assumed): exactly 200 are accepted, from
 * empty and again for places freed later.
 */
class QuotaTwoInstancesIT {
    private static final int QUOTA = 200;
    private static final int THREADS = 32;

    @Test
    void twoInstancesTogetherAcceptExactlyTheQuota() throws Exception {
        String url = PostgresCluster.shared().createDatabase();
        try (Cachewarden a = Cachewarden.builder().databaseUrl(url, PostgresCluster.USER, "").maxUsers(QUOTA).maxUserGroups(QUOTA).start();
                Cachewarden b = Cachewarden.builder().databaseUrl(url, PostgresCluster.USER, "").maxUsers(QUOTA).maxUserGroups(QUOTA).start();
                ElastiCacheClient viaA = NoRetryClients.of(a.endpoint());
                ElastiCacheClient viaB = NoRetryClients.of(b.endpoint())) {
            List<ElastiCacheClient> both = List.of(viaA, viaB);

            int users = race(both, QUOTA * 3 / 2, (ec, id) -> {
                try {
                    createUser(ec, id);
                } catch (UserQuotaExceededException refused) {
                    throw new Refused();
                }
            });
            assertThat(users).as("users accepted").isEqualTo(QUOTA);
            assertThat(userIds(viaB)).as("users, the built-in default besides").hasSize(QUOTA + 1);

            int groups = race(both, QUOTA * 3 / 2, (ec, id) -> {
                try {
                    ec.createUserGroup(r -> r.userGroupId(id).engine("redis").userIds("default"));
                } catch (UserGroupQuotaExceededException refused) {
                    throw new Refused();
                }
            });
            assertThat(groups).as("user groups accepted").isEqualTo(QUOTA);
            assertThat(viaA.describeUserGroupsPaginator(r -> r.maxRecords(100)).userGroups()).hasSize(QUOTA);

            // Places freed by deletions are taken again exactly once, whichever instance asks.
            List<String> freed = userIds(viaA).stream().filter(id -> !id.equals("default")).limit(7).toList();
            for (int i = 0; i < freed.size(); i++) {
                String id = freed.get(i);
                both.get(i % 2).deleteUser(r -> r.userId(id));
            }
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> userIds(viaA).size() == QUOTA + 1 - freed.size());
            int again = race(both, 3 * THREADS, (ec, id) -> {
                try {
                    createUser(ec, "again-" + id);
                } catch (UserQuotaExceededException refused) {
                    throw new Refused();
                }
            });
            assertThat(again).as("creates accepted for the freed places").isEqualTo(freed.size());
            assertThat(userIds(viaB)).hasSize(QUOTA + 1);
        }
    }

    /** A create the quota refused. */
    private static final class Refused extends RuntimeException {}

    /**
     * {@code attempts} creates from {@link #THREADS} threads released together, alternating between
     * the instances; @return how many were accepted (each other answer must be the quota's refusal).
     */
    private static int race(List<ElastiCacheClient> clients, int attempts, BiConsumer<ElastiCacheClient, String> create)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(THREADS)) {
            List<Future<Object>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                ElastiCacheClient ec = clients.get(t % clients.size());
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i; (i = next.getAndIncrement()) < attempts; ) {
                        try {
                            create.accept(ec, "q-" + i);
                            accepted.incrementAndGet();
                        } catch (Refused refused) {
                            // the quota's answer
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<Object> f : done) {
                f.get();
            }
        }
        return accepted.get();
    }

    private static void createUser(ElastiCacheClient ec, String id) {
        ec.createUser(r -> r.userId(id).userName(id).engine("redis").accessString("on ~* +@all")
                .noPasswordRequired(true));
    }

    private static List<String> userIds(ElastiCacheClient ec) {
        return ec.describeUsersPaginator(r -> r.maxRecords(100)).users().stream().map(User::userId).toList();
    }
}
