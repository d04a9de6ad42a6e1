package dev.cachewarden.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.e2e.Await;
import dev.cachewarden.junit.Cachewarden;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.DescribeUsersResponse;
import software.amazon.awssdk.services.elasticache.model.Tag;
import software.amazon.awssdk.services.elasticache.model.UserAlreadyExistsException;
import software.amazon.awssdk.services.elasticache.model.UserGroup;
import software.amazon.awssdk.services.elasticache.model.UserGroupAlreadyExistsException;

/** The user and user-group lifecycle with its state in a real PostgreSQL instead of the embedded H2. */
class PostgresLifecycleIT {
    static PostgresCluster postgres;
    static Cachewarden server;
    static ElastiCacheClient ec;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresCluster.shared();
        server = Cachewarden.builder().databaseUrl(postgres.createDatabase(), PostgresCluster.USER, "")
                .transitionDelay(Duration.ofMillis(300)).start();
        ec = server.client();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void groupIsCreatedModifiedThroughPendingChangesAndDeleted() {
        ec.createUser(r -> r.userId("pg-alice").userName("alice").engine("redis").accessString("on ~app:* +@read")
                .passwords("correct-horse-battery"));
        assertThat(ec.createUserGroup(r -> r.userGroupId("pg-group").engine("redis").userIds("default")).status())
                .isEqualTo("creating");
        awaitStatus("pg-group", "active");

        var modified = ec.modifyUserGroup(r -> r.userGroupId("pg-group").userIdsToAdd("pg-alice"));
        assertThat(modified.status()).isEqualTo("modifying");
        assertThat(modified.userIds()).containsExactly("default");
        assertThat(modified.pendingChanges().userIdsToAdd()).containsExactly("pg-alice");

        UserGroup active = awaitStatus("pg-group", "active");
        assertThat(active.userIds()).containsExactly("default", "pg-alice");
        assertThat(active.pendingChanges()).isNull();
        assertThat(ec.describeUsers(r -> r.userId("pg-alice")).users().get(0).userGroupIds())
                .containsExactly("pg-group");

        ec.deleteUserGroup(r -> r.userGroupId("pg-group"));
        await().atMost(Duration.ofSeconds(30)).until(() -> ec.describeUserGroups(r -> r.maxRecords(100))
                .userGroups().stream().noneMatch(g -> g.userGroupId().equals("pg-group")));
    }

    /** The duplicate insert fails inside the transaction; PostgreSQL must still answer the AWS fault. */
    @Test
    void duplicatesGetTheirFaultsAndTheTransactionStaysUsable() {
        ec.createUser(r -> r.userId("pg-dup").userName("dup").engine("redis").accessString("on ~* +@all")
                .noPasswordRequired(true));
        assertThatThrownBy(() -> ec.createUser(r -> r.userId("pg-dup").userName("dup2").engine("redis")
                .accessString("on ~* +@all").noPasswordRequired(true)))
                .isInstanceOf(UserAlreadyExistsException.class);
        ec.createUserGroup(r -> r.userGroupId("pg-dup-group").engine("redis").userIds("default"));
        assertThatThrownBy(() -> ec.createUserGroup(r -> r.userGroupId("pg-dup-group").engine("redis")
                .userIds("default"))).isInstanceOf(UserGroupAlreadyExistsException.class);
        assertThat(ec.describeUsers(r -> r.userId("pg-dup")).users().get(0).userName()).isEqualTo("dup");
    }

    @Test
    void usersAndGroupsPageInIdOrder() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String id = "pg-page-" + i;
            ids.add(id);
            ec.createUser(r -> r.userId(id).userName(id).engine("redis").accessString("on ~* +@all")
                    .noPasswordRequired(true));
            ec.createUserGroup(r -> r.userGroupId(id).engine("redis").userIds("default"));
        }
        List<String> seen = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            String m = marker;
            DescribeUsersResponse page = ec.describeUsers(r -> r.maxRecords(20).marker(m));
            page.users().forEach(u -> seen.add(u.userId()));
            marker = page.marker();
            pages++;
        } while (marker != null && pages < 50);
        assertThat(seen).containsAll(ids).doesNotHaveDuplicates().isSorted();

        List<String> groups = ec.describeUserGroupsPaginator(r -> r.maxRecords(20)).userGroups().stream()
                .map(UserGroup::userGroupId).filter(id -> id.startsWith("pg-page-")).toList();
        assertThat(groups).containsExactlyElementsOf(ids);
    }

    @Test
    void tagsAndUserDeletionWorkOnPostgres() {
        ec.createUser(r -> r.userId("pg-bob").userName("bob").engine("redis").accessString("on ~* +@all")
                .noPasswordRequired(true));
        String arn = "arn:aws:elasticache:us-east-1:000000000000:user:pg-bob";
        ec.addTagsToResource(r -> r.resourceName(arn).tags(Tag.builder().key("a").value("1").build(),
                Tag.builder().key("b").value("2").build()));
        ec.addTagsToResource(r -> r.resourceName(arn).tags(Tag.builder().key("a").value("3").build()));
        ec.removeTagsFromResource(r -> r.resourceName(arn).tagKeys("b"));
        assertThat(ec.listTagsForResource(r -> r.resourceName(arn)).tagList()).extracting(Tag::key, Tag::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "3"));

        ec.createUserGroup(r -> r.userGroupId("pg-bobs").engine("redis").userIds("default", "pg-bob"));
        awaitStatus("pg-bobs", "active");
        ec.deleteUser(r -> r.userId("pg-bob"));
        await().atMost(Duration.ofSeconds(30)).until(() -> ec.describeUsers(r -> r.maxRecords(100)).users()
                .stream().noneMatch(u -> u.userId().equals("pg-bob")));
        assertThat(ec.describeUserGroups(r -> r.userGroupId("pg-bobs")).userGroups().get(0).userIds())
                .containsExactly("default");
    }

    static UserGroup awaitStatus(String groupId, String status) {
        return Await.userGroup(ec, groupId, status, Duration.ofSeconds(30));
    }
}
