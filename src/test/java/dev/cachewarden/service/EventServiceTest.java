package dev.cachewarden.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.events.Event;
import dev.cachewarden.events.SourceType;
import dev.cachewarden.store.jdbc.JdbcStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The time rules on a fixed clock: the last hour by default, never past the 14 days events are kept. */
class EventServiceTest {
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    @Test
    void defaultWindowIsTheLastHourAndRetentionIsFourteenDays() {
        try (JdbcStore store = JdbcStore.inMemory("events-" + UUID.randomUUID())) {
            ServiceSettings settings = new ServiceSettings("us-east-1", "000000000000", Duration.ZERO,
                    ServiceSettings.Quotas.AWS_DEFAULTS, Clock.fixed(NOW, ZoneOffset.UTC));
            store.inTransaction(tx -> {
                tx.events().record(SourceType.USER, "old", "User old created", NOW.minus(Duration.ofDays(15)).toEpochMilli());
                tx.events().record(SourceType.USER, "week", "User week created", NOW.minus(Duration.ofDays(7)).toEpochMilli());
                tx.events().record(SourceType.USER, "recent", "User recent created", NOW.minusSeconds(120).toEpochMilli());
                return null;
            });
            EventService events = new EventService(store, settings);
            assertThat(events.describe(request(Optional.empty(), Optional.empty())).items())
                    .extracting(Event::sourceIdentifier).containsExactly("recent");
            assertThat(events.describe(request(Optional.of(NOW.minus(Duration.ofDays(30)).toString()), Optional.empty()))
                    .items()).extracting(Event::sourceIdentifier).containsExactly("recent", "week");
            // The expired one is also deleted, not only hidden.
            java.util.List<Event> kept = store.readSnapshot(tx -> tx.events().find(
                    new dev.cachewarden.store.EventRepository.Filter(null, null, 0, Long.MAX_VALUE), null, 10));
            assertThat(kept).extracting(Event::sourceIdentifier).containsExactly("recent", "week");
        }
    }

    private static EventService.DescribeEvents request(Optional<String> start, Optional<String> end) {
        return new EventService.DescribeEvents(Optional.empty(), Optional.empty(), start, end, Optional.empty(), null,
                null);
    }
}
