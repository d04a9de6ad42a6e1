package dev.cachewarden.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.domain.User;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Creates racing for the last places of a quota, straight at the service on the durable embedded
 * store: its commits write to the file, so the window between a create's count and its commit is
 * wide enough that the race shows without {@link QuotaLock} (the e2e test's in-memory store and
 * HTTP round trips rarely overlap that closely).
 */
class QuotaLockTest {
    private static final int THREADS = 8;
    private static final int ROUNDS = 30;
    /** Places freed before each round: fewer than the racers, so every round crosses the quota. */
    private static final int FREE = 3;

    @TempDir
    Path dir;

    @Test
    void racingCreatesNeverExceedTheUsersQuota() throws Exception {
        try (JdbcStore store = JdbcStore.embedded(dir)) {
            store.inTransaction(tx -> tx.users().insert(User.builtInDefault()));
            int quota = 20;
            UserService users = new UserService(store, settings(quota, 100), () -> {});
            for (int i = 0; i < quota; i++) {
                users.create(user("first-" + i));
            }
            List<Long> counts = new java.util.concurrent.CopyOnWriteArrayList<>();
            race(ROUNDS, () -> {
                // Between rounds: note the count, then free a few places so the next round races for them.
                counts.add(store.inTransaction(tx -> tx.users().count()) - 1);
                store.inTransaction(tx -> {
                    List<User> all = tx.users().page(null, 1000);
                    for (User u : all.subList(Math.min(all.size(), quota - FREE + 1), all.size())) {
                        if (!u.isBuiltInDefault()) {
                            tx.users().delete(u.userId());
                        }
                    }
                    return null;
                });
            }, (round, thread) -> {
                try {
                    users.create(user("u-" + round + "-" + thread));
                } catch (ElastiCacheFault e) {
                    assertThat(e.fault().name()).isEqualTo("USER_QUOTA_EXCEEDED");
                }
            });
            assertThat(counts).hasSize(ROUNDS + 1).containsOnly((long) quota);
        }
    }

    @Test
    void racingCreatesNeverExceedTheUserGroupsQuota() throws Exception {
        try (JdbcStore store = JdbcStore.embedded(dir)) {
            store.inTransaction(tx -> tx.users().insert(User.builtInDefault()));
            int quota = 20;
            UserGroupService groups = new UserGroupService(store, settings(1000, quota), () -> {});
            for (int i = 0; i < quota; i++) {
                groups.create(group("first-" + i));
            }
            List<Long> counts = new java.util.concurrent.CopyOnWriteArrayList<>();
            race(ROUNDS, () -> {
                counts.add(store.inTransaction(tx -> tx.userGroups().count()));
                store.inTransaction(tx -> {
                    var all = tx.userGroups().page(null, 1000);
                    for (var g : all.subList(Math.min(all.size(), quota - FREE), all.size())) {
                        tx.userGroups().delete(g.userGroupId());
                    }
                    return null;
                });
            }, (round, thread) -> {
                try {
                    groups.create(group("g-" + round + "-" + thread));
                } catch (ElastiCacheFault e) {
                    assertThat(e.fault().name()).isEqualTo("USER_GROUP_QUOTA_EXCEEDED");
                }
            });
            assertThat(counts).hasSize(ROUNDS + 1).containsOnly((long) quota);
        }
    }

    private static UserService.CreateUser user(String id) {
        return new UserService.CreateUser(id, id, "redis", "on ~* +@all", new AuthenticationInput(Optional.empty(),
                Optional.of(true), Optional.empty(), Optional.empty()), List.of());
    }

    private static UserGroupService.CreateUserGroup group(String id) {
        return new UserGroupService.CreateUserGroup(id, "redis", Optional.of(List.of("default")), List.of());
    }

    interface Attempt {
        void run(int round, int thread) throws Exception;
    }

    /**
     * {@code rounds} times, {@link #THREADS} creates released together by a barrier; {@code between}
     * runs before each round and once after the last (then every create of the round has returned).
     */
    private static void race(int rounds, Runnable between, Attempt attempt) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(THREADS, between);
        try (var pool = Executors.newFixedThreadPool(THREADS)) {
            List<java.util.concurrent.Future<Object>> done = new java.util.ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int round = 0; round < rounds; round++) {
                        barrier.await();
                        attempt.run(round, thread);
                    }
                    barrier.await();
                    return null;
                }));
            }
            for (var f : done) {
                f.get();
            }
        }
    }

    private static ServiceSettings settings(int users, int groups) {
        return new ServiceSettings("us-east-1", "123456789012", Duration.ZERO,
                new ServiceSettings.Quotas(users, groups, 100, 50), Clock.systemUTC());
    }
}
