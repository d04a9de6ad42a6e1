package dev.cachewarden.e2e;

import static dev.cachewarden.e2e.Faults.assertFault;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.junit.Cachewarden;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.DescribeUsersResponse;
import software.amazon.awssdk.services.elasticache.model.Filter;
import software.amazon.awssdk.services.elasticache.model.InvalidParameterValueException;
import software.amazon.awssdk.services.elasticache.model.User;
import software.amazon.awssdk.services.elasticache.model.UserGroup;

/** MaxRecords and Marker on DescribeUsers and DescribeUserGroups, the SDK paginators, and Filters. */
class PagingTest {
    static final int USERS = 30;
    static final int VALKEY_USERS = 12;
    static final int GROUPS = 23;
    static Cachewarden server;
    static ElastiCacheClient ec;

    @BeforeAll
    static void start() throws Exception {
        server = Cachewarden.start();
        ec = server.client();
        for (int i = 0; i < USERS; i++) {
            String id = String.format("page-user-%02d", i);
            boolean valkey = i < VALKEY_USERS;
            ec.createUser(r -> r.userId(id).userName(valkey ? "vk" : id).engine(valkey ? "valkey" : "redis")
                    .accessString("on ~* +@all").passwords("paging-password-01"));
        }
        for (int i = 0; i < GROUPS; i++) {
            String id = String.format("page-group-%02d", i);
            ec.createUserGroup(r -> r.userGroupId(id).engine("redis").userIds("default"));
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void describeUsersPagesWithMarkers() {
        List<String> seen = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            String m = marker;
            DescribeUsersResponse page = ec.describeUsers(r -> r.maxRecords(7).marker(m));
            assertThat(page.users().size()).isLessThanOrEqualTo(7);
            page.users().forEach(u -> seen.add(u.userId()));
            marker = page.marker();
            pages++;
        } while (marker != null);
        assertThat(seen).hasSize(USERS + 1).doesNotHaveDuplicates().isSorted().contains("default");
        assertThat(pages).isEqualTo(5);
        // Without MaxRecords everything fits in one page of at most 100.
        DescribeUsersResponse all = ec.describeUsers(r -> {});
        assertThat(all.users()).hasSize(USERS + 1);
        assertThat(all.marker()).isNull();
        // A page exactly as large as what is left carries no marker.
        assertThat(ec.describeUsers(r -> r.maxRecords(USERS + 1)).marker()).isNull();
    }

    @Test
    void sdkPaginatorsWalkEveryPage() {
        assertThat(ec.describeUsersPaginator(r -> r.maxRecords(4)).users().stream().map(User::userId).toList())
                .hasSize(USERS + 1).doesNotHaveDuplicates();
        List<String> groups = ec.describeUserGroupsPaginator(r -> r.maxRecords(5)).userGroups().stream()
                .map(UserGroup::userGroupId).toList();
        assertThat(groups).hasSize(GROUPS).doesNotHaveDuplicates().isSorted();
        var first = ec.describeUserGroups(r -> r.maxRecords(20));
        assertThat(first.userGroups()).hasSize(20);
        var rest = ec.describeUserGroups(r -> r.maxRecords(20).marker(first.marker()));
        assertThat(rest.userGroups()).hasSize(GROUPS - 20);
        assertThat(rest.marker()).isNull();
    }

    @Test
    void maxRecordsAndMarkerAreValidated() {
        for (int bad : new int[] {0, -1, 101}) {
            assertFault(() -> ec.describeUsers(r -> r.maxRecords(bad)), InvalidParameterValueException.class, 400,
                    "InvalidParameterValue");
            assertFault(() -> ec.describeUserGroups(r -> r.maxRecords(bad)), InvalidParameterValueException.class, 400,
                    "InvalidParameterValue");
        }
        assertThat(ec.describeUsers(r -> r.maxRecords(1)).users()).hasSize(1);
        assertThat(ec.describeUsers(r -> r.maxRecords(100)).users()).hasSize(USERS + 1);
        assertFault(() -> ec.describeUsers(r -> r.marker("not-a-marker!")), InvalidParameterValueException.class, 400,
                "InvalidParameterValue");
        assertFault(() -> ec.describeUserGroups(r -> r.marker("garbage")), InvalidParameterValueException.class, 400,
                "InvalidParameterValue");
    }

    @Test
    void engineAndFiltersNarrowTheListAndPageTogether() {
        assertThat(ec.describeUsersPaginator(r -> r.engine("VALKEY")).users().stream().toList())
                .hasSize(VALKEY_USERS).allMatch(u -> u.engine().equals("valkey"));
        assertThat(ec.describeUsersPaginator(r -> r.engine("redis")).users().stream().toList())
                .hasSize(USERS - VALKEY_USERS + 1);
        var page = ec.describeUsers(r -> r.maxRecords(5).filters(f -> f.name("Engine").values("valkey")));
        assertThat(page.users()).hasSize(5);
        var next = ec.describeUsers(r -> r.maxRecords(10).marker(page.marker())
                .filters(f -> f.name("Engine").values("valkey")));
        assertThat(next.users()).hasSize(VALKEY_USERS - 5).allMatch(u -> u.engine().equals("valkey"));
        assertThat(next.marker()).isNull();

        assertThat(ec.describeUsers(r -> r.filters(f -> f.name("UserId").values("page-user-03", "page-user-20")))
                .users()).extracting(User::userId).containsExactly("page-user-03", "page-user-20");
        assertThat(ec.describeUsers(r -> r.filters(f -> f.name("UserName").values("vk"))).users())
                .hasSize(VALKEY_USERS);
        assertThat(ec.describeUsers(r -> r.filters(f -> f.name("UserName").values("vk"),
                f -> f.name("UserId").values("page-user-00", "page-user-29"))).users())
                .extracting(User::userId).containsExactly("page-user-00");
        assertThat(ec.describeUsers(r -> r.filters(f -> f.name("Status").values("active"))).users())
                .hasSize(USERS + 1);
        assertThat(ec.describeUsers(r -> r.filters(f -> f.name("AuthenticationType").values("no-password"))).users())
                .extracting(User::userId).containsExactly("default");
        assertThat(ec.describeUsers(r -> r.userId("page-user-01").engine("redis")).users()).isEmpty();
        assertThat(ec.describeUsers(r -> r.userId("page-user-01").engine("valkey")).users()).hasSize(1);

        assertFault(() -> ec.describeUsers(r -> r.filters(f -> f.name("Colour").values("blue"))),
                InvalidParameterValueException.class, 400, "InvalidParameterValue");
        assertFault(() -> ec.describeUsers(r -> r.filters(Filter.builder().name("UserId").values(List.of()).build())),
                InvalidParameterValueException.class, 400, "InvalidParameterValue");
        assertFault(() -> ec.describeUsers(r -> r.engine("memcached")), InvalidParameterValueException.class, 400,
                "InvalidParameterValue");
    }
}
