package dev.cachewarden.e2e;

import static dev.cachewarden.e2e.Faults.assertFault;
import static dev.cachewarden.e2e.Faults.id;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.junit.Cachewarden;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.DefaultUserAssociatedToUserGroupException;
import software.amazon.awssdk.services.elasticache.model.DefaultUserRequiredException;
import software.amazon.awssdk.services.elasticache.model.DuplicateUserNameException;
import software.amazon.awssdk.services.elasticache.model.InvalidParameterCombinationException;
import software.amazon.awssdk.services.elasticache.model.InvalidParameterValueException;
import software.amazon.awssdk.services.elasticache.model.InvalidUserGroupStateException;
import software.amazon.awssdk.services.elasticache.model.User;
import software.amazon.awssdk.services.elasticache.model.UserGroup;
import software.amazon.awssdk.services.elasticache.model.UserGroupAlreadyExistsException;
import software.amazon.awssdk.services.elasticache.model.UserGroupNotFoundException;
import software.amazon.awssdk.services.elasticache.model.UserNotFoundException;

/** CreateUserGroup, ModifyUserGroup, DeleteUserGroup and DescribeUserGroups, and what users do to groups. */
class UserGroupsTest {
    static final String PW = "group-test-password-1";
    static Cachewarden server;
    static ElastiCacheClient ec;
    /** For the tests that act while a group is creating, modifying or deleting. */
    static Cachewarden slowServer;
    static ElastiCacheClient slow;

    @BeforeAll
    static void start() throws Exception {
        server = Cachewarden.start();
        ec = server.client();
        slowServer = Cachewarden.builder().transitionDelay(Duration.ofSeconds(2)).start();
        slow = slowServer.client();
    }

    @AfterAll
    static void stop() {
        server.close();
        slowServer.close();
    }

    static String user(String engine, String userName, boolean password) {
        return user(ec, engine, userName, password);
    }

    static String user(ElastiCacheClient c, String engine, String userName, boolean password) {
        String id = id("u");
        c.createUser(r -> {
            r.userId(id).userName(userName == null ? id : userName).engine(engine).accessString("on ~* +@all");
            if (password) {
                r.passwords(PW);
            } else {
                r.noPasswordRequired(true);
            }
        });
        return id;
    }

    static String activeGroup(String engine, String... userIds) {
        return activeGroup(ec, engine, userIds);
    }

    static String activeGroup(ElastiCacheClient c, String engine, String... userIds) {
        String id = id("g");
        c.createUserGroup(r -> r.userGroupId(id).engine(engine).userIds(userIds));
        awaitGroup(c, id, "active");
        return id;
    }

    static UserGroup describe(String groupId) {
        return describe(ec, groupId);
    }

    static UserGroup describe(ElastiCacheClient c, String groupId) {
        return c.describeUserGroups(r -> r.userGroupId(groupId)).userGroups().get(0);
    }

    static UserGroup awaitGroup(String groupId, String status) {
        return awaitGroup(ec, groupId, status);
    }

    static UserGroup awaitGroup(ElastiCacheClient c, String groupId, String status) {
        return Await.userGroup(c, groupId, status, Duration.ofSeconds(10));
    }

    static void awaitGone(ElastiCacheClient c, String groupId) {
        Await.untilAsserted(Duration.ofSeconds(10), () ->
                assertFault(() -> describe(c, groupId), UserGroupNotFoundException.class, 404, "UserGroupNotFound"));
    }

    static User describeUser(String userId) {
        return describeUser(ec, userId);
    }

    static User describeUser(ElastiCacheClient c, String userId) {
        return c.describeUsers(r -> r.userId(userId)).users().get(0);
    }

    @Test
    void createUserGroupGoesCreatingThenActive() {
        String member = user(slow, "redis", null, true);
        String id = id("Mixed-Group");
        var created = slow.createUserGroup(r -> r.userGroupId(id).engine("REDIS").userIds("DEFAULT", member.toUpperCase()));
        assertThat(created.userGroupId()).isEqualTo(id.toLowerCase());
        assertThat(created.status()).isEqualTo("creating");
        assertThat(created.engine()).isEqualTo("redis");
        assertThat(created.userIds()).containsExactly("default", member);
        assertThat(created.pendingChanges()).isNull();
        assertThat(created.replicationGroups()).isEmpty();
        assertThat(created.arn()).isEqualTo("arn:aws:elasticache:us-east-1:000000000000:usergroup:" + id.toLowerCase());

        assertFault(() -> slow.modifyUserGroup(r -> r.userGroupId(id).userIdsToRemove(member)),
                InvalidUserGroupStateException.class, 400, "InvalidUserGroupState");
        assertFault(() -> slow.deleteUserGroup(r -> r.userGroupId(id)), InvalidUserGroupStateException.class, 400,
                "InvalidUserGroupState");

        UserGroup active = awaitGroup(slow, id.toUpperCase(), "active");
        assertThat(active.userGroupId()).isEqualTo(id.toLowerCase());
        assertThat(active.userIds()).containsExactly("default", member);
        assertThat(active.minimumEngineVersion()).isEqualTo("6.0");
        assertThat(describeUser(slow, member).userGroupIds()).containsExactly(id.toLowerCase());
        assertThat(describeUser(slow, "default").userGroupIds()).contains(id.toLowerCase());
    }

    @Test
    void userGroupIdsAreUniqueAndValidated() {
        String id = activeGroup("redis", "default");
        assertFault(() -> ec.createUserGroup(r -> r.userGroupId(id.toUpperCase()).engine("redis").userIds("default")),
                UserGroupAlreadyExistsException.class, 400, "UserGroupAlreadyExists");
        for (String bad : new String[] {"9group", "group_one", "group.one", "a".repeat(41)}) {
            assertFault(() -> ec.createUserGroup(r -> r.userGroupId(bad).engine("redis").userIds("default")),
                    InvalidParameterValueException.class, 400, "InvalidParameterValue");
        }
        assertFault(() -> ec.createUserGroup(r -> r.userGroupId(id("g")).engine("memcached").userIds("default")),
                InvalidParameterValueException.class, 400, "InvalidParameterValue");
        assertFault(() -> describe(id("nothing")), UserGroupNotFoundException.class, 404, "UserGroupNotFound");
        assertFault(() -> ec.deleteUserGroup(r -> r.userGroupId("bad_id")), InvalidParameterValueException.class, 400,
                "InvalidParameterValue");
        assertFault(() -> ec.modifyUserGroup(r -> r.userGroupId("bad_id").userIdsToAdd("default")),
                InvalidParameterValueException.class, 400, "InvalidParameterValue");
    }

    @Test
    void redisGroupsNeedAUserNamedDefault() {
        String plain = user("redis", null, true);
        String named = user("redis", "default", true);
        var e = assertFault(() -> ec.createUserGroup(r -> r.userGroupId(id("g")).engine("redis").userIds(plain)),
                DefaultUserRequiredException.class, 400, "DefaultUserRequired");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User group needs to contain a user with the user name default.");
        assertFault(() -> ec.createUserGroup(r -> r.userGroupId(id("g")).engine("redis")),
                DefaultUserRequiredException.class, 400, "DefaultUserRequired");
        // Any user whose UserName is "default" will do, and the built-in one is not added as well.
        String g = activeGroup("redis", named, plain);
        assertThat(describe(g).userIds()).containsExactly(named, plain);
        // Valkey groups have no such requirement, and may even start empty.
        String vUser = user("valkey", null, true);
        assertThat(describe(activeGroup("valkey", vUser)).userIds()).containsExactly(vUser);
        assertThat(describe(activeGroup("VALKEY")).userIds()).isEmpty();
        // ModifyUserGroup judges the result: removing the only default-named member is refused.
        assertFault(() -> ec.modifyUserGroup(r -> r.userGroupId(g).userIdsToRemove(named)),
                DefaultUserRequiredException.class, 400, "DefaultUserRequired");
        assertThat(describe(g).status()).isEqualTo("active");
    }

    @Test
    void userNamesMustBeUniqueWithinAGroup() {
        String named = user("redis", "default", true);
        assertFault(() -> ec.createUserGroup(r -> r.userGroupId(id("g")).engine("redis").userIds("default", named)),
                DuplicateUserNameException.class, 400, "DuplicateUserName");
        String a = user("redis", "shared", true);
        String b = user("redis", "shared", true);
        assertFault(() -> ec.createUserGroup(r -> r.userGroupId(id("g")).engine("redis").userIds("default", a, b)),
                DuplicateUserNameException.class, 400, "DuplicateUserName");
        String g = activeGroup("redis", "default", a);
        assertFault(() -> ec.modifyUserGroup(r -> r.userGroupId(g).userIdsToAdd(b)),
                DuplicateUserNameException.class, 400, "DuplicateUserName");
        assertFault(() -> ec.modifyUserGroup(r -> r.userGroupId(g).userIdsToAdd(named)),
                DuplicateUserNameException.class, 400, "DuplicateUserName");
        // Judged on the result: swapping a for b in one call is fine.
        var swapped = ec.modifyUserGroup(r -> r.userGroupId(g).userIdsToAdd(b).userIdsToRemove(a));
        assertThat(swapped.status()).isEqualTo("modifying");
        assertThat(awaitGroup(g, "active").userIds()).containsExactly("default", b);
    }

    @Test
    void theDefaultUserCanBeSwappedInOneCall() {
        String replacement = user("redis", "default", true);
        String g = activeGroup("redis", "default");
        var modified = ec.modifyUserGroup(r -> r.userGroupId(g).userIdsToAdd(replacement).userIdsToRemove("default"));
        assertThat(modified.status()).isEqualTo("modifying");
        assertThat(modified.userIds()).containsExactly("default");
        assertThat(modified.pendingChanges().userIdsToAdd()).containsExactly(replacement);
        assertThat(modified.pendingChanges().userIdsToRemove()).containsExactly("default");
        UserGroup active = awaitGroup(g, "active");
        assertThat(active.userIds()).containsExactly(replacement);
        assertThat(active.pendingChanges()).isNull();
        assertThat(describeUser("default").userGroupIds()).doesNotContain(g);
        assertThat(describeUser(replacement).userGroupIds()).containsExactly(g);
    }

    @Test
    void modifyUserGroupShowsOldMembersAndPendingChangesUntilApplied() {
        String u1 = user(slow, "redis", null, true);
        String u2 = user(slow, "redis", null, false);
        String g = activeGroup(slow, "redis", "default", u1);
        var modified = slow.modifyUserGroup(r -> r.userGroupId(g.toUpperCase()).userIdsToAdd(u2.toUpperCase())
                .userIdsToRemove(u1));
        assertThat(modified.userGroupId()).isEqualTo(g);
        assertThat(modified.status()).isEqualTo("modifying");
        assertThat(modified.userIds()).containsExactly("default", u1);
        assertThat(modified.pendingChanges().userIdsToAdd()).containsExactly(u2);
        assertThat(modified.pendingChanges().userIdsToRemove()).containsExactly(u1);
        UserGroup during = describe(slow, g);
        assertThat(during.status()).isIn("modifying", "active");
        var e = assertFault(() -> slow.modifyUserGroup(r -> r.userGroupId(g).userIdsToRemove(u2)),
                InvalidUserGroupStateException.class, 400, "InvalidUserGroupState");
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("User group " + g + " has status modifying. Only active user groups can be modified.");
        UserGroup active = awaitGroup(slow, g, "active");
        assertThat(active.userIds()).containsExactly("default", u2);
        assertThat(active.pendingChanges()).isNull();
        assertThat(describeUser(slow, u1).userGroupIds()).isEmpty();
        assertThat(describeUser(slow, u2).userGroupIds()).containsExactly(g);
    }

    /**
     * Without a transition delay, a change to a group no cache uses is applied in the request's own
     * transaction: the answer is AWS's ({@code modifying}, the pending change), and the very next read
     * already finds what the completed transition leaves, with both events recorded.
     */
    @Test
    void withoutADelayAChangeToAGroupNoCacheUsesIsInPlaceWhenAnswered() {
        String u1 = user("redis", null, true);
        String u2 = user("redis", null, false);
        String g = activeGroup("redis", "default", u1);
        var modified = ec.modifyUserGroup(r -> r.userGroupId(g).userIdsToAdd(u2).userIdsToRemove(u1));
        assertThat(modified.status()).isEqualTo("modifying");
        assertThat(modified.userIds()).containsExactly("default", u1);
        assertThat(modified.pendingChanges().userIdsToAdd()).containsExactly(u2);
        assertThat(modified.pendingChanges().userIdsToRemove()).containsExactly(u1);
        UserGroup now = describe(g); // no wait
        assertThat(now.status()).isEqualTo("active");
        assertThat(now.userIds()).containsExactly("default", u2);
        assertThat(now.pendingChanges()).isNull();
        assertThat(describeUser(u1).userGroupIds()).isEmpty();
        assertThat(describeUser(u2).userGroupIds()).containsExactly(g);
        // Members keep their order: an added one comes after the others, as the transition's rewrite had it.
        ec.modifyUserGroup(r -> r.userGroupId(g).userIdsToAdd(u1));
        assertThat(describe(g).userIds()).containsExactly("default", u2, u1);
        ec.modifyUserGroup(r -> r.userGroupId(g).userIdsToRemove(u2));
        ec.modifyUserGroup(r -> r.userGroupId(g).userIdsToAdd(u2));
        assertThat(describe(g).userIds()).containsExactly("default", u1, u2);
        assertThat(ec.describeEvents(r -> r.sourceType("user-group").sourceIdentifier(g)).events())
                .extracting(software.amazon.awssdk.services.elasticache.model.Event::message).startsWith(
                        "Modifications applied to user group " + g,
                        "Modification of user group " + g + " started: users to add [" + u2 + "], users to remove []");
    }

    @Test
    void aRejectedModificationChangesNothing() {
        String u1 = user("redis", null, true);
        String u2 = user("redis", null, true);
        String g = activeGroup("redis", "default", u1);
        var notMember = assertFault(() -> ec.modifyUserGroup(r -> r.userGroupId(g).userIdsToAdd(u2)
                .userIdsToRemove(id("stranger"))), InvalidParameterValueException.class, 400, "InvalidParameterValue");
        assertThat(notMember.awsErrorDetails().errorMessage()).contains("is not a member");
        assertFault(() -> ec.modifyUserGroup(r -> r.userGroupId(g).userIdsToAdd(u1)),
                InvalidParameterValueException.class, 400, "InvalidParameterValue");
        assertFault(() -> ec.modifyUserGroup(r -> r.userGroupId(g).userIdsToAdd(u2).userIdsToRemove(u2)),
                InvalidParameterCombinationException.class, 400, "InvalidParameterCombination");
        assertFault(() -> ec.modifyUserGroup(r -> r.userGroupId(g)),
                InvalidParameterCombinationException.class, 400, "InvalidParameterCombination");
        assertFault(() -> ec.modifyUserGroup(r -> r.userGroupId(g).userIdsToAdd(id("ghost"))),
                UserNotFoundException.class, 404, "UserNotFound");
        assertFault(() -> ec.modifyUserGroup(r -> r.userGroupId(g).userIdsToAdd("bad_id")),
                InvalidParameterValueException.class, 400, "InvalidParameterValue");
        assertFault(() -> ec.modifyUserGroup(r -> r.userGroupId(id("nogroup")).userIdsToAdd(u2)),
                UserGroupNotFoundException.class, 404, "UserGroupNotFound");
        UserGroup unchanged = describe(g);
        assertThat(unchanged.status()).isEqualTo("active");
        assertThat(unchanged.userIds()).containsExactly("default", u1);
        assertThat(unchanged.pendingChanges()).isNull();
    }

    @Test
    void unknownMembersOnCreateAreUserNotFound() {
        assertFault(() -> ec.createUserGroup(r -> r.userGroupId(id("g")).engine("redis")
                .userIds("default", id("ghost"))), UserNotFoundException.class, 404, "UserNotFound");
    }

    @Test
    void engineMixingRules() {
        String valkeyUser = user("valkey", null, true);
        String redisPassword = user("redis", null, true);
        String redisNoPassword = user("redis", null, false);
        // Valkey users only in valkey groups.
        assertFault(() -> ec.createUserGroup(r -> r.userGroupId(id("g")).engine("redis")
                .userIds("default", valkeyUser)), InvalidParameterValueException.class, 400, "InvalidParameterValue");
        // Valkey groups take only users that authenticate.
        assertFault(() -> ec.createUserGroup(r -> r.userGroupId(id("g")).engine("valkey")
                .userIds(redisNoPassword)), InvalidParameterValueException.class, 400, "InvalidParameterValue");
        assertFault(() -> ec.createUserGroup(r -> r.userGroupId(id("g")).engine("valkey")
                .userIds("default")), InvalidParameterValueException.class, 400, "InvalidParameterValue");
        String vg = activeGroup("valkey", valkeyUser, redisPassword);
        assertThat(describe(vg).engine()).isEqualTo("valkey");
        assertThat(describe(vg).minimumEngineVersion()).isEqualTo("7.2");
        assertFault(() -> ec.modifyUserGroup(r -> r.userGroupId(vg).userIdsToAdd(redisNoPassword)),
                InvalidParameterValueException.class, 400, "InvalidParameterValue");
        // A member of a valkey group cannot drop its password.
        assertFault(() -> ec.modifyUser(r -> r.userId(redisPassword).noPasswordRequired(true)),
                InvalidParameterValueException.class, 400, "InvalidParameterValue");

        String rg = activeGroup("redis", "default", redisPassword);
        assertFault(() -> ec.modifyUserGroup(r -> r.userGroupId(rg).userIdsToAdd(valkeyUser)),
                InvalidParameterValueException.class, 400, "InvalidParameterValue");
        // A redis group with the no-password built-in default cannot become a valkey group.
        assertFault(() -> ec.modifyUserGroup(r -> r.userGroupId(rg).engine("valkey")),
                InvalidParameterValueException.class, 400, "InvalidParameterValue");
        // A valkey group without a default-named user cannot become a redis group.
        assertFault(() -> ec.modifyUserGroup(r -> r.userGroupId(vg).engine("redis")),
                InvalidParameterValueException.class, 400, "InvalidParameterValue");
        String named = user("redis", "default", true);
        String convertible = activeGroup("redis", named);
        var converted = ec.modifyUserGroup(r -> r.userGroupId(convertible).engine("Valkey"));
        assertThat(converted.status()).isEqualTo("modifying");
        assertThat(converted.engine()).isEqualTo("valkey");
        assertThat(awaitGroup(convertible, "active").engine()).isEqualTo("valkey");
    }

    @Test
    void deleteUserGroupGoesDeletingThenGoneAndLeavesItsUsers() {
        String u = user(slow, "redis", null, true);
        String g = activeGroup(slow, "redis", "default", u);
        var deleting = slow.deleteUserGroup(r -> r.userGroupId(g.toUpperCase()));
        assertThat(deleting.userGroupId()).isEqualTo(g);
        assertThat(deleting.status()).isEqualTo("deleting");
        assertFault(() -> slow.deleteUserGroup(r -> r.userGroupId(g)), InvalidUserGroupStateException.class, 400,
                "InvalidUserGroupState");
        assertFault(() -> slow.modifyUserGroup(r -> r.userGroupId(g).userIdsToRemove(u)),
                InvalidUserGroupStateException.class, 400, "InvalidUserGroupState");
        awaitGone(slow, g);
        assertFault(() -> slow.deleteUserGroup(r -> r.userGroupId(g)), UserGroupNotFoundException.class, 404,
                "UserGroupNotFound");
        assertThat(describeUser(slow, u).status()).isEqualTo("active");
        assertThat(describeUser(slow, u).userGroupIds()).isEmpty();
        assertThat(describeUser(slow, "default").userGroupIds()).doesNotContain(g);
        // The id can be used again.
        assertThat(slow.createUserGroup(r -> r.userGroupId(g).engine("redis").userIds("default")).status())
                .isEqualTo("creating");
    }

    @Test
    void deleteUserRemovesTheUserFromItsGroups() {
        String u = user("redis", null, true);
        String g1 = activeGroup("redis", "default", u);
        String g2 = activeGroup("redis", "default", u);
        assertThat(describeUser(u).userGroupIds()).containsExactlyInAnyOrder(g1, g2);
        var deleting = ec.deleteUser(r -> r.userId(u));
        assertThat(deleting.status()).isEqualTo("deleting");
        // As in AWS's delete-user examples: the answer names the groups the user is leaving.
        assertThat(deleting.userGroupIds()).containsExactlyInAnyOrder(g1, g2);
        assertThat(describe(g1).userIds()).containsExactly("default");
        assertThat(describe(g2).userIds()).containsExactly("default");
        assertFault(() -> ec.modifyUserGroup(r -> r.userGroupId(g1).userIdsToRemove(u)),
                InvalidParameterValueException.class, 400, "InvalidParameterValue");
        // A deleting user cannot be added anywhere.
        assertFault(() -> ec.modifyUserGroup(r -> r.userGroupId(g1).userIdsToAdd(u)),
                UserNotFoundException.class, 404, "UserNotFound");
    }

    @Test
    void aDefaultNamedUserAGroupReliesOnCannotBeDeleted() {
        String named = user("redis", "default", true);
        String g = activeGroup("redis", named);
        assertFault(() -> ec.deleteUser(r -> r.userId(named)), DefaultUserAssociatedToUserGroupException.class, 400,
                "DefaultUserAssociatedToUserGroup");
        assertThat(describeUser(named).status()).isEqualTo("active");
        assertThat(describe(g).userIds()).containsExactly(named);
        // Once swapped out it can go.
        ec.modifyUserGroup(r -> r.userGroupId(g).userIdsToAdd("default").userIdsToRemove(named));
        awaitGroup(g, "active");
        assertThat(ec.deleteUser(r -> r.userId(named)).status()).isEqualTo("deleting");
    }

    @Test
    void aValkeyGroupDoesNotRelyOnItsDefaultNamedUser() {
        String named = user("valkey", "default", true);
        String g = activeGroup("valkey", named);
        assertThat(ec.deleteUser(r -> r.userId(named)).status()).isEqualTo("deleting");
        assertThat(describe(g).userIds()).isEmpty();
    }

    @Test
    void groupMinimumEngineVersionFollowsItsMembers() {
        String iamId = id("iam");
        ec.createUser(r -> r.userId(iamId).userName(iamId).engine("redis").accessString("on ~* +@all")
                .authenticationMode(m -> m.type("iam")));
        String selectorUser = id("sel");
        ec.createUser(r -> r.userId(selectorUser).userName(selectorUser).engine("redis")
                .accessString("on ~* +@all (~x:* +get)").passwords(PW));
        assertThat(describeUser(selectorUser).minimumEngineVersion()).isEqualTo("7.0");
        assertThat(describe(activeGroup("redis", "default")).minimumEngineVersion()).isEqualTo("6.0");
        assertThat(describe(activeGroup("redis", "default", iamId)).minimumEngineVersion()).isEqualTo("7.0");
        assertThat(describe(activeGroup("redis", "default", selectorUser)).minimumEngineVersion()).isEqualTo("7.0");
    }

    @Test
    void describeUserGroupsListsGroupsWithTheirMembers() {
        String g = activeGroup("redis", "default");
        List<UserGroup> all = ec.describeUserGroupsPaginator(r -> {}).userGroups().stream().toList();
        assertThat(all).extracting(UserGroup::userGroupId).contains(g);
        assertThat(all).extracting(UserGroup::userGroupId).isSorted().doesNotHaveDuplicates();
    }
}
