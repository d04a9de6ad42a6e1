package dev.cachewarden.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.junit.CachewardenExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.DescribeEventsResponse;
import software.amazon.awssdk.services.elasticache.model.Event;
import software.amazon.awssdk.services.elasticache.model.InvalidParameterCombinationException;
import software.amazon.awssdk.services.elasticache.model.InvalidParameterValueException;
import software.amazon.awssdk.services.elasticache.model.SourceType;

/** DescribeEvents through the AWS SDK: what users and user groups emit, filters, paging and AWS's errors. */
class EventsTest {
    @RegisterExtension
    static CachewardenExtension server = CachewardenExtension.builder().transitionDelay(Duration.ofMillis(200)).build();
    static ElastiCacheClient ec;

    @BeforeAll
    static void client() {
        ec = server.client();
    }

    @Test
    void aUserGroupsLifeIsReportedNewestFirst() {
        ec.createUser(r -> r.userId("ev-alice").userName("alice").engine("redis").accessString("on ~* +@all")
                .passwords("a-long-enough-password"));
        ec.createUserGroup(r -> r.userGroupId("ev-g").engine("redis").userIds("default"));
        Await.userGroup(ec, "ev-g", "active", Duration.ofSeconds(10));
        ec.modifyUserGroup(r -> r.userGroupId("ev-g").userIdsToAdd("ev-alice"));
        Await.userGroup(ec, "ev-g", "active", Duration.ofSeconds(10));
        ec.deleteUserGroup(r -> r.userGroupId("ev-g"));
        Await.until(Duration.ofSeconds(10), () -> ec.describeUserGroups(r -> { }).userGroups().isEmpty());

        List<Event> group = ec.describeEvents(r -> r.sourceType(SourceType.USER_GROUP).sourceIdentifier("ev-g")).events();
        assertThat(group).extracting(Event::message).containsExactly(
                "User group ev-g deleted",
                "Deletion of user group ev-g started",
                "Modifications applied to user group ev-g",
                "Modification of user group ev-g started: users to add [ev-alice], users to remove []",
                "User group ev-g created",
                "Creation of user group ev-g started");
        assertThat(group).allSatisfy(e -> {
            assertThat(e.sourceType()).isEqualTo(SourceType.USER_GROUP);
            assertThat(e.sourceIdentifier()).isEqualTo("ev-g");
            assertThat(e.date()).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
        });
        assertThat(ec.describeEvents(r -> r.sourceType(SourceType.USER)).events())
                .extracting(Event::sourceIdentifier, Event::message)
                .contains(org.assertj.core.groups.Tuple.tuple("ev-alice", "User ev-alice created"));
        // Without a filter: both kinds, newest first.
        List<Event> all = ec.describeEvents(r -> { }).events();
        assertThat(all).hasSize(7);
        assertThat(all).extracting(Event::date).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void userChangesAreReportedWhenAcceptedAndWhenApplied() {
        ec.createUser(r -> r.userId("ev-bob").userName("bob").engine("redis").accessString("on ~* +@all")
                .noPasswordRequired(true));
        ec.modifyUser(r -> r.userId("ev-bob").accessString("on ~app:* +@read"));
        Await.user(ec, "ev-bob", "active", Duration.ofSeconds(10));
        ec.deleteUser(r -> r.userId("ev-bob"));
        Await.until(Duration.ofSeconds(10), () -> ec.describeUsers(r -> { }).users().size() == 1);
        assertThat(ec.describeEvents(r -> r.sourceType("user").sourceIdentifier("ev-bob")).events())
                .extracting(Event::message).containsExactly("User ev-bob deleted", "Deletion of user ev-bob started",
                        "Modifications applied to user ev-bob", "Modification of user ev-bob started",
                        "User ev-bob created");
        assertThat(ec.describeEvents(r -> r.sourceType(SourceType.REPLICATION_GROUP)).events()).isEmpty();
    }

    @Test
    void pagesWithMaxRecordsAndMarker() {
        for (int i = 0; i < 25; i++) {
            String id = "ev-page-" + i;
            ec.createUser(r -> r.userId(id).userName(id).engine("redis").accessString("on ~* +@all")
                    .noPasswordRequired(true));
        }
        DescribeEventsResponse first = ec.describeEvents(r -> r.sourceType(SourceType.USER).maxRecords(20));
        assertThat(first.events()).hasSize(20);
        assertThat(first.events().get(0).sourceIdentifier()).isEqualTo("ev-page-24");
        assertThat(first.marker()).isNotBlank();
        DescribeEventsResponse second = ec.describeEvents(r -> r.sourceType(SourceType.USER).maxRecords(20)
                .marker(first.marker()));
        assertThat(second.events()).extracting(Event::sourceIdentifier)
                .containsExactly("ev-page-4", "ev-page-3", "ev-page-2", "ev-page-1", "ev-page-0");
        assertThat(second.marker()).isNull();
        // The SDK's paginator walks the same pages.
        assertThat(ec.describeEventsPaginator(r -> r.sourceType(SourceType.USER).maxRecords(20)).events()
                .stream().count()).isEqualTo(25);
    }

    @Test
    void timeWindows() {
        ec.createUser(r -> r.userId("ev-time").userName("ev-time").engine("redis").accessString("on ~* +@all")
                .noPasswordRequired(true));
        Instant now = Instant.now();
        assertThat(ec.describeEvents(r -> r.startTime(now.plusSeconds(60))).events()).isEmpty();
        assertThat(ec.describeEvents(r -> r.endTime(now.minusSeconds(3600))).events()).isEmpty();
        assertThat(ec.describeEvents(r -> r.duration(5)).events()).hasSize(1);
        assertThat(ec.describeEvents(r -> r.startTime(now.minusSeconds(60)).endTime(now.plusSeconds(60))).events())
                .hasSize(1);
        assertThat(ec.describeEvents(r -> r.startTime(now.minusSeconds(600)).duration(20)).events()).hasSize(1);
    }

    @Test
    void refusesWhatAwsRefuses() {
        assertThatThrownBy(() -> ec.describeEvents(r -> r.sourceType("user-groups")))
                .isInstanceOf(InvalidParameterValueException.class);
        assertThatThrownBy(() -> ec.describeEvents(r -> r.sourceIdentifier("ev-g")))
                .isInstanceOf(InvalidParameterCombinationException.class);
        assertThatThrownBy(() -> ec.describeEvents(r -> r.maxRecords(19)))
                .isInstanceOf(InvalidParameterValueException.class);
        assertThatThrownBy(() -> ec.describeEvents(r -> r.maxRecords(101)))
                .isInstanceOf(InvalidParameterValueException.class);
        assertThatThrownBy(() -> ec.describeEvents(r -> r.marker("not-a-marker")))
                .isInstanceOf(InvalidParameterValueException.class);
        Instant now = Instant.now();
        assertThatThrownBy(() -> ec.describeEvents(r -> r.startTime(now).endTime(now.minusSeconds(60))))
                .isInstanceOf(InvalidParameterCombinationException.class);
        assertThatThrownBy(() -> ec.describeEvents(r -> r.startTime(now.minusSeconds(60)).endTime(now).duration(1)))
                .isInstanceOf(InvalidParameterCombinationException.class);
        assertThatThrownBy(() -> ec.describeEvents(r -> r.duration(-1)))
                .isInstanceOf(InvalidParameterValueException.class);
    }
}
