package dev.cachewarden.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.junit.Cachewarden;
import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.InvalidUserGroupStateException;
import software.amazon.awssdk.services.elasticache.model.InvalidUserStateException;
import software.amazon.awssdk.services.elasticache.model.UserAlreadyExistsException;
import software.amazon.awssdk.services.elasticache.model.UserGroup;
import software.amazon.awssdk.services.elasticache.model.UserGroupAlreadyExistsException;

/** Simultaneous changes to one resource: exactly one is accepted, the rest see it is no longer active. */
class ConcurrencyTest {
    static final int CALLERS = 50;
    /**
     * Far longer than the calls can take even on a loaded machine, so the group is certainly still
     * {@code modifying} when the last caller is answered (a caller answered after the change had
     * been applied would rightly be accepted).
     */
    static final Duration TRANSITION = Duration.ofSeconds(60);
    @TempDir
    static Path dataDir;
    static Cachewarden server;
    static ElastiCacheClient ec;

    /**
     * The contested resources are made active by a first server without a transition delay; the
     * server under test then opens the same state with a long one.
     */
    @BeforeAll
    static void start() throws Exception {
        try (Cachewarden setup = Cachewarden.builder().dataDir(dataDir).start()) {
            ElastiCacheClient c = setup.client();
            for (int i = 0; i < CALLERS; i++) {
                String id = "racer-" + i;
                c.createUser(r -> r.userId(id).userName(id).engine("redis").accessString("on ~* +@all")
                        .noPasswordRequired(true));
            }
            c.createUser(r -> r.userId("contested-user").userName("cu").engine("redis").accessString("on ~* +@all")
                    .noPasswordRequired(true));
            c.createUserGroup(r -> r.userGroupId("contested").engine("redis").userIds("default"));
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() ->
                    c.describeUserGroups(r -> r.userGroupId("contested")).userGroups().get(0).status(), "active"::equals);
        }
        server = Cachewarden.builder().dataDir(dataDir).transitionDelay(TRANSITION).start();
        ec = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Runs the calls at once from separate threads; each result is null (accepted) or the exception. */
    static List<Throwable> simultaneously(List<Runnable> calls) throws Exception {
        CountDownLatch ready = new CountDownLatch(calls.size());
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(calls.size())) {
            List<Future<Throwable>> futures = new ArrayList<>();
            for (Runnable call : calls) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    try {
                        call.run();
                        return null;
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            ready.await();
            go.countDown();
            List<Throwable> results = new ArrayList<>();
            for (Future<Throwable> f : futures) {
                results.add(f.get());
            }
            return results;
        }
    }

    @Test
    void ofFiftySimultaneousModifyUserGroupCallsExactlyOneIsAccepted() throws Exception {
        List<Runnable> calls = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            String id = "racer-" + i;
            calls.add(() -> ec.modifyUserGroup(r -> r.userGroupId("contested").userIdsToAdd(id)));
        }

        List<Throwable> results = simultaneously(calls);

        assertThat(results.stream().filter(r -> r == null).count()).as("accepted").isEqualTo(1);
        assertThat(results.stream().filter(r -> r != null)).hasSize(CALLERS - 1)
                .allSatisfy(e -> {
                    assertThat(e).isInstanceOf(InvalidUserGroupStateException.class);
                    var fault = (InvalidUserGroupStateException) e;
                    assertThat(fault.statusCode()).isEqualTo(400);
                    assertThat(fault.awsErrorDetails().errorCode()).isEqualTo("InvalidUserGroupState");
                    assertThat(fault.awsErrorDetails().errorMessage()).isEqualTo(
                            "User group contested has status modifying. Only active user groups can be modified.");
                });
        String winner = "racer-" + results.indexOf(null);
        UserGroup during = ec.describeUserGroups(r -> r.userGroupId("contested")).userGroups().get(0);
        assertThat(during.status()).isEqualTo("modifying");
        assertThat(during.userIds()).containsExactly("default");
        assertThat(during.pendingChanges().userIdsToAdd()).containsExactly(winner);
    }

    @Test
    void simultaneousModifyUserCallsOnOneUser() throws Exception {
        List<Runnable> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String pattern = "~k" + i + ":*";
            calls.add(() -> ec.modifyUser(r -> r.userId("contested-user").accessString("on " + pattern + " +@all")));
        }
        List<Throwable> results = simultaneously(calls);
        assertThat(results.stream().filter(r -> r == null).count()).isEqualTo(1);
        assertThat(results.stream().filter(r -> r != null)).allMatch(e -> e instanceof InvalidUserStateException);
    }

    @Test
    void simultaneousCreatesOfOneIdMakeOneResource() throws Exception {
        List<Runnable> users = new ArrayList<>();
        List<Runnable> groups = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String name = "twin-" + i;
            users.add(() -> ec.createUser(r -> r.userId("Twin").userName(name).engine("redis")
                    .accessString("on ~* +@all").noPasswordRequired(true)));
            groups.add(() -> ec.createUserGroup(r -> r.userGroupId("Twins").engine("redis").userIds("default")));
        }
        List<Throwable> userResults = simultaneously(users);
        assertThat(userResults.stream().filter(r -> r == null).count()).isEqualTo(1);
        assertThat(userResults.stream().filter(r -> r != null))
                .allMatch(e -> e instanceof UserAlreadyExistsException);
        List<Throwable> groupResults = simultaneously(groups);
        assertThat(groupResults.stream().filter(r -> r == null).count()).isEqualTo(1);
        assertThat(groupResults.stream().filter(r -> r != null))
                .allMatch(e -> e instanceof UserGroupAlreadyExistsException);
        assertThat(ec.describeUsers(r -> r.userId("twin")).users()).hasSize(1);
    }
}
