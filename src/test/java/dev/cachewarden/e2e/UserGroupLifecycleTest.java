package dev.cachewarden.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.junit.CachewardenExtension;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.InvalidParameterValueException;
import software.amazon.awssdk.services.elasticache.model.InvalidUserGroupStateException;
import software.amazon.awssdk.services.elasticache.model.ModifyUserGroupResponse;
import software.amazon.awssdk.services.elasticache.model.UserGroup;

/** The heart of the API: a group created, modified through PendingChanges, back to active. */
class UserGroupLifecycleTest {
    @RegisterExtension
    static CachewardenExtension server = CachewardenExtension.builder().transitionDelay(Duration.ofSeconds(2)).build();
    static ElastiCacheClient ec;

    @BeforeAll
    static void client() {
        ec = server.client();
    }

    @Test
    void modifyUserGroupShowsPendingChangesThenApplies() {
        ec.createUser(r -> r.userId("Alice1").userName("alice").engine("redis").accessString("on ~app:* +@read")
                .passwords("correct-horse-battery"));
        var created = ec.createUserGroup(r -> r.userGroupId("lifecycle").engine("REDIS").userIds("default"))
;
        assertThat(created.status()).isEqualTo("creating");
        awaitStatus("lifecycle", "active");

        ModifyUserGroupResponse modified = ec.modifyUserGroup(r -> r.userGroupId("lifecycle").userIdsToAdd("alice1"));
        assertThat(modified.status()).isEqualTo("modifying");
        assertThat(modified.userIds()).containsExactly("default");
        assertThat(modified.pendingChanges().userIdsToAdd()).containsExactly("alice1");
        assertThat(modified.pendingChanges().userIdsToRemove()).isEmpty();

        assertThatThrownBy(() -> ec.modifyUserGroup(r -> r.userGroupId("lifecycle").userIdsToRemove("alice1")))
                .isInstanceOf(InvalidUserGroupStateException.class)
                .hasMessageContaining("User group lifecycle has status modifying. Only active user groups can be modified.");

        UserGroup active = awaitStatus("lifecycle", "active");
        assertThat(active.userIds()).containsExactly("default", "alice1");
        assertThat(active.pendingChanges()).isNull();
        assertThat(ec.describeUsers(r -> r.userId("alice1")).users().get(0).userGroupIds()).containsExactly("lifecycle");
    }

    @Test
    void removingANonMemberRejectsTheWholeRequest() {
        ec.createUser(r -> r.userId("bob").userName("bob").engine("redis").accessString("on ~* +@all")
                .noPasswordRequired(true));
        ec.createUserGroup(r -> r.userGroupId("atomic").engine("redis").userIds("default"));
        awaitStatus("atomic", "active");
        assertThatThrownBy(() -> ec.modifyUserGroup(r -> r.userGroupId("atomic").userIdsToAdd("bob")
                .userIdsToRemove("nobody-here")))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("is not a member");
        UserGroup unchanged = ec.describeUserGroups(r -> r.userGroupId("atomic")).userGroups().get(0);
        assertThat(unchanged.status()).isEqualTo("active");
        assertThat(unchanged.userIds()).containsExactly("default");
    }

    static UserGroup awaitStatus(String groupId, String status) {
        return Await.userGroup(ec, groupId, status, Duration.ofSeconds(10));
    }
}
