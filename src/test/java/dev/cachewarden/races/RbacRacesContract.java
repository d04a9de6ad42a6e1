package dev.cachewarden.races;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.domain.Tag;
import dev.cachewarden.domain.User;
import dev.cachewarden.domain.UserGroup;
import dev.cachewarden.service.AuthenticationInput;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.service.cache.TagService;
import dev.cachewarden.service.Transitions;
import dev.cachewarden.service.UserGroupService;
import dev.cachewarden.service.UserService;
import dev.cachewarden.store.Store;
import dev.cachewarden.store.TaskKind;
import dev.cachewarden.store.TaskQueue.Task;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The races an outside checker found, each laid out deterministically: one transaction is
 * held open at the point where it raced while the other runs. Run against H2 and PostgreSQL.
 */
abstract class RbacRacesContract {
    static final Duration HOLD = Duration.ofMillis(1500);
    static final ServiceSettings SETTINGS = new ServiceSettings("us-east-1", "000000000000", Duration.ZERO,
            ServiceSettings.Quotas.AWS_DEFAULTS, Clock.systemUTC());

    // Not the common pool: on a 2-core machine it may run "concurrent" tasks one after the other.
    final ExecutorService threads = Executors.newCachedThreadPool();
    PausingStore store;
    UserService users;
    UserGroupService groups;
    TagService tags;
    Transitions transitions;

    abstract Store newStore() throws Exception;

    @BeforeEach
    void start() throws Exception {
        store = new PausingStore(newStore());
        store.inTransaction(tx -> tx.users().insert(User.builtInDefault())); // as the server does at start
        users = new UserService(store, SETTINGS, () -> { });
        groups = new UserGroupService(store, SETTINGS, () -> { });
        tags = new TagService(store, SETTINGS);
        transitions = new Transitions(store, SETTINGS);
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
        store.close();
    }

    @Test
    void concurrentAddTagsOfTheSameNewKeyBothSucceed() throws Exception {
        activeGroup("tagged", List.of("default"));
        String arn = SETTINGS.userGroupArn("tagged");
        PausingStore.Pause bothPut = store.pauseAfter("tags.put", 2, HOLD);
        var first = CompletableFuture.supplyAsync(() -> tags.add(arn, List.of(new Tag("team", "a"))), threads);
        var second = CompletableFuture.supplyAsync(() -> tags.add(arn, List.of(new Tag("team", "b"))), threads);
        bothPut.awaitReached(HOLD);
        bothPut.release();
        assertThat(first.get(30, TimeUnit.SECONDS)).extracting(Tag::key).containsExactly("team");
        assertThat(second.get(30, TimeUnit.SECONDS)).extracting(Tag::key).containsExactly("team");
        assertThat(tags.list(arn)).hasSize(1);
    }

    @Test
    void aRecreatedGroupDoesNotInheritATagAddedWhileItWasDeleted() throws Exception {
        activeGroup("reborn", List.of("default"));
        String arn = SETTINGS.userGroupArn("reborn");
        PausingStore.Pause tagging = store.pauseAfter("tags.put", 1, HOLD);
        var addTags = CompletableFuture.supplyAsync(() -> tags.add(arn, List.of(new Tag("old", "tag"))), threads);
        assertThat(tagging.awaitReached(HOLD)).isTrue();
        var delete = CompletableFuture.runAsync(() -> {
            groups.delete("reborn");
            complete(TaskKind.USER_GROUP_DELETE, "reborn");
        }, threads);
        settle(delete);
        tagging.release();
        finish(addTags);
        delete.get(30, TimeUnit.SECONDS);

        activeGroup("reborn", List.of("default"));
        assertThat(tags.list(arn)).as("tags of the re-created group").isEmpty();
    }

    @Test
    void deleteUserWhileOneOfItsGroupsFinishesDeletingSucceeds() throws Exception {
        createUser("leaver");
        activeGroup("going", List.of("default", "leaver"));
        groups.delete("going");
        PausingStore.Pause readGroups = store.pauseAfter("userGroups.groupsReferencing", 1, HOLD);
        var deleteUser = CompletableFuture.supplyAsync(() -> users.delete("leaver"), threads);
        assertThat(readGroups.awaitReached(HOLD)).isTrue();
        var groupGone = CompletableFuture.runAsync(() -> complete(TaskKind.USER_GROUP_DELETE, "going"), threads);
        settle(groupGone);
        readGroups.release();
        assertThat(deleteUser.get(30, TimeUnit.SECONDS).status().wire()).isEqualTo("deleting");
        groupGone.get(30, TimeUnit.SECONDS);
        assertThat(group("going")).isEmpty();
    }

    @Test
    void noMemberRowOutlivesItsGroup() throws Exception {
        createUser("member");
        activeGroup("doomed", List.of("default", "member"));
        groups.delete("doomed");
        PausingStore.Pause rewritten = store.pauseAfter("userGroups.setMembers", 1, HOLD);
        var deleteUser = CompletableFuture.supplyAsync(() -> users.delete("member"), threads);
        assertThat(rewritten.awaitReached(HOLD)).isTrue();
        var groupGone = CompletableFuture.runAsync(() -> complete(TaskKind.USER_GROUP_DELETE, "doomed"), threads);
        settle(groupGone);
        rewritten.release();
        finish(deleteUser);
        groupGone.get(30, TimeUnit.SECONDS);
        store.clearPauses();

        assertThat(group("doomed")).isEmpty();
        User defaultUser = store.inTransaction(tx -> tx.users().find("default", false)).orElseThrow();
        assertThat(defaultUser.userGroupIds()).as("groups the default user is listed in").doesNotContain("doomed");
    }

    @Test
    void describeNeverShowsAGroupWithoutTheMembersItHadWhileItIsDeleted() throws Exception {
        // Describe races the deletion's commit; each round it lands at another point of the read.
        List<String> neverExisted = new java.util.ArrayList<>();
        for (int i = 0; i < 40 && neverExisted.isEmpty(); i++) {
            String id = "snapshot-" + i;
            activeGroup(id, List.of("default"));
            groups.delete(id);
            var deletion = CompletableFuture.runAsync(() -> complete(TaskKind.USER_GROUP_DELETE, id), threads);
            while (true) {
                Optional<UserGroup> seen;
                try {
                    seen = groups.describe(Optional.of(id), null, null).items().stream().findFirst();
                } catch (dev.cachewarden.domain.fault.ElastiCacheFault e) {
                    seen = Optional.empty(); // gone: fine
                }
                if (seen.isEmpty()) {
                    break;
                }
                if (seen.get().userIds().isEmpty()) {
                    neverExisted.add(id + " " + seen.get().status().wire() + " with no members");
                }
            }
            deletion.get(30, TimeUnit.SECONDS);
        }
        assertThat(neverExisted).as("states no transaction ever committed").isEmpty();
    }

    @Test
    void describePagesGroupsWithTheirMembers() {
        createUser("paged");
        activeGroup("page-a", List.of("default"));
        activeGroup("page-b", List.of("default", "paged"));
        activeGroup("page-c", List.of("default"));
        var first = groups.describe(Optional.empty(), 2, null);
        assertThat(first.items()).extracting(UserGroup::userGroupId).containsExactly("page-a", "page-b");
        assertThat(first.items().get(1).userIds()).containsExactly("default", "paged");
        var second = groups.describe(Optional.empty(), 2, first.marker());
        assertThat(second.items()).extracting(UserGroup::userGroupId).containsExactly("page-c");
        assertThat(second.items().get(0).userIds()).containsExactly("default");
        assertThat(second.marker()).isNull();
    }

    /** Lets a transaction run until it finishes or blocks on a lock (a fixed server makes it wait). */
    static void settle(CompletableFuture<?> running) {
        try {
            running.get(500, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // blocked behind the held transaction: what a fixed server does
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Either outcome of the held transaction is acceptable; only the state after both counts. */
    static void finish(CompletableFuture<?> running) {
        try {
            running.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof dev.cachewarden.domain.fault.ElastiCacheFault)) {
                throw new AssertionError("failed as no AWS error", e.getCause());
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    Optional<UserGroup> group(String id) {
        return store.<Optional<UserGroup>>inTransaction(tx -> tx.userGroups().find(id, false));
    }

    void createUser(String id) {
        users.create(new UserService.CreateUser(id, id, "redis", "on ~* +@all",
                new AuthenticationInput(Optional.empty(), Optional.of(true), Optional.empty(), Optional.empty()),
                List.of()));
    }

    UserGroup activeGroup(String id, List<String> members) {
        groups.create(new UserGroupService.CreateUserGroup(id, "redis", Optional.of(members), List.of()));
        complete(TaskKind.USER_GROUP_CREATE, id);
        return store.inTransaction(tx -> tx.userGroups().find(id, false)).orElseThrow();
    }

    /** What the worker does for one task: claims it and completes its transition. */
    void complete(TaskKind kind, String resourceId) {
        long later = System.currentTimeMillis() + Duration.ofHours(1).toMillis();
        Task task = store.inTransaction(tx -> tx.tasks().claimDue(later, later + 60_000, 100)).stream()
                .filter(t -> t.kind() == kind && t.resourceId().equals(resourceId)).findFirst().orElseThrow();
        transitions.complete(task);
    }
}
