package dev.cachewarden.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.e2e.Await;
import dev.cachewarden.junit.Cachewarden;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.InvalidUserGroupStateException;
import software.amazon.awssdk.services.elasticache.model.UserGroup;

/** Two cachewarden instances sharing one PostgreSQL act as one service. */
class TwoInstancesIT {
    static PostgresCluster postgres;
    static String url;
    static final List<Cachewarden> servers = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresCluster.shared();
        url = postgres.createDatabase();
    }

    @AfterAll
    static void stop() throws Exception {
        for (Cachewarden s : servers) {
            s.close();
        }
    }

    static Cachewarden instance(Duration transitionDelay) throws Exception {
        Cachewarden s = Cachewarden.builder().databaseUrl(url, PostgresCluster.USER, "").transitionDelay(transitionDelay)
                .start();
        servers.add(s);
        return s;
    }

    @Test
    void aChangeMadeThroughOneIsVisibleThroughTheOther() throws Exception {
        ElastiCacheClient a = instance(Duration.ZERO).client();
        ElastiCacheClient b = instance(Duration.ZERO).client();
        a.createUser(r -> r.userId("shared-user").userName("shared").engine("redis").accessString("on ~* +@all")
                .noPasswordRequired(true));
        assertThat(b.describeUsers(r -> r.userId("shared-user")).users()).singleElement()
                .satisfies(u -> assertThat(u.userName()).isEqualTo("shared"));

        b.createUserGroup(r -> r.userGroupId("shared-group").engine("redis").userIds("default"));
        awaitStatus(a, "shared-group", "active");
        a.modifyUserGroup(r -> r.userGroupId("shared-group").userIdsToAdd("shared-user"));
        UserGroup seenFromB = awaitStatus(b, "shared-group", "active");
        assertThat(seenFromB.userIds()).containsExactly("default", "shared-user");
        assertThat(b.describeUsers(r -> r.userId("shared-user")).users().get(0).userGroupIds())
                .containsExactly("shared-group");
    }

    /** 50 simultaneous ModifyUserGroup calls, split over both instances: exactly one is accepted. */
    @Test
    void ofFiftyConcurrentModificationsAcrossInstancesExactlyOneIsAccepted() throws Exception {
        ElastiCacheClient setup = instance(Duration.ZERO).client();
        for (int i = 0; i < 50; i++) {
            String id = "racer-" + i;
            setup.createUser(r -> r.userId(id).userName(id).engine("redis").accessString("on ~* +@all")
                    .noPasswordRequired(true));
        }
        setup.createUserGroup(r -> r.userGroupId("contested").engine("redis").userIds("default"));
        awaitStatus(setup, "contested", "active");

        // A long transition keeps the accepted change pending until every call has been judged.
        List<ElastiCacheClient> racers = List.of(instance(Duration.ofSeconds(60)).client(),
                instance(Duration.ofSeconds(60)).client());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(50)) {
            for (int i = 0; i < 50; i++) {
                ElastiCacheClient client = racers.get(i % 2);
                String user = "racer-" + i;
                outcomes.add(pool.submit(() -> {
                    go.await();
                    try {
                        client.modifyUserGroup(r -> r.userGroupId("contested").userIdsToAdd(user));
                        return "accepted:" + user;
                    } catch (InvalidUserGroupStateException e) {
                        return "rejected";
                    }
                }));
            }
            go.countDown();
        }
        List<String> results = new ArrayList<>();
        for (Future<String> f : outcomes) {
            results.add(f.get());
        }
        List<String> accepted = results.stream().filter(r -> r.startsWith("accepted:")).toList();
        assertThat(accepted).hasSize(1);
        assertThat(results).filteredOn("rejected"::equals).hasSize(49);

        String winner = accepted.get(0).substring("accepted:".length());
        for (ElastiCacheClient client : racers) {
            UserGroup group = client.describeUserGroups(r -> r.userGroupId("contested")).userGroups().get(0);
            assertThat(group.status()).isEqualTo("modifying");
            assertThat(group.userIds()).containsExactly("default");
            assertThat(group.pendingChanges().userIdsToAdd()).containsExactly(winner);
        }
    }

    static UserGroup awaitStatus(ElastiCacheClient ec, String groupId, String status) {
        return Await.userGroup(ec, groupId, status, Duration.ofSeconds(30));
    }
}
