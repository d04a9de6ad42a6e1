package dev.cachewarden.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.events.Event;
import dev.cachewarden.events.SourceType;
import dev.cachewarden.store.EventRepository;
import dev.cachewarden.store.Store;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The events table on each store: filters, newest-first paging, retention, and the transaction it shares. */
public abstract class EventRepositoryContract {
    protected abstract Store store();

    static final EventRepository.Filter ALL = new EventRepository.Filter(null, null, 0, Long.MAX_VALUE);

    @Test
    void findsNewestFirstByTypeSourceAndTime() {
        store().inTransaction(tx -> {
            tx.events().record(SourceType.USER, "u1", "User u1 created", 1_000);
            tx.events().record(SourceType.USER_GROUP, "g", "User group g created", 2_000);
            tx.events().record(SourceType.USER, "u2", "User u2 created", 3_000);
            return null;
        });
        List<Event> all = store().readSnapshot(tx -> tx.events().find(ALL, null, 10));
        assertThat(all).extracting(Event::sourceIdentifier).containsExactly("u2", "g", "u1");
        assertThat(all.get(0).sourceType()).isEqualTo(SourceType.USER);
        assertThat(all.get(0).dateMillis()).isEqualTo(3_000);
        List<Event> users = store().readSnapshot(tx -> tx.events().find(
                new EventRepository.Filter(SourceType.USER, null, 0, Long.MAX_VALUE), null, 10));
        assertThat(users).extracting(Event::sourceIdentifier).containsExactly("u2", "u1");
        List<Event> one = store().readSnapshot(tx -> tx.events().find(
                new EventRepository.Filter(SourceType.USER, "u1", 0, Long.MAX_VALUE), null, 10));
        assertThat(one).extracting(Event::message).containsExactly("User u1 created");
        List<Event> window = store().readSnapshot(tx -> tx.events().find(
                new EventRepository.Filter(null, null, 1_500, 3_000), null, 10));
        assertThat(window).extracting(Event::sourceIdentifier).containsExactly("u2", "g");
        List<Event> page = store().readSnapshot(tx -> tx.events().find(ALL, all.get(0).id(), 1));
        assertThat(page).extracting(Event::sourceIdentifier).containsExactly("g");

        int deleted = store().inTransaction(tx -> tx.events().deleteBefore(2_000));
        assertThat(deleted).isEqualTo(1);
        List<Event> kept = store().readSnapshot(tx -> tx.events().find(ALL, null, 10));
        assertThat(kept).extracting(Event::sourceIdentifier).containsExactly("u2", "g");
    }

    /**
     * Queries bounded to their window's ids (no index by source or time) find exactly what a scan of
     * every event finds: windows at the start, middle and end, a source's events, pages, and events
     * whose times went back (a clock stepped back less than the allowed skew).
     */
    @Test
    void windowsAndSourcesFindWhatAFullScanFinds() {
        java.util.List<long[]> recorded = new java.util.ArrayList<>(); // {time, source}
        java.util.Random random = new java.util.Random(42);
        long time = 1_000_000_000L;
        for (int i = 0; i < 600; i++) {
            time += random.nextInt(20_000);
            if (i == 300) {
                time -= JdbcEventRepository.CLOCK_SKEW_MILLIS / 2; // the clock stepped back
            }
            recorded.add(new long[] {time, random.nextInt(7)});
        }
        store().inTransaction(tx -> {
            recorded.forEach(r -> tx.events().record(SourceType.USER_GROUP, "g" + r[1], "event at " + r[0], r[0]));
            return null;
        });
        long first = recorded.get(0)[0];
        long last = time;
        long[][] windows = {{0, Long.MAX_VALUE}, {first, first + 50_000}, {first + 1_000_000, first + 2_000_000},
            {last - 300_000, last}, {last + 1, last + 1_000_000}, {first - 1_000_000, first - 1},
            {recorded.get(299)[0] - 100_000, recorded.get(299)[0]}, {recorded.get(301)[0], recorded.get(301)[0] + 10}};
        for (long[] w : windows) {
            for (String source : new String[] {null, "g3"}) {
                List<String> expected = new java.util.ArrayList<>();
                for (int i = recorded.size() - 1; i >= 0; i--) {
                    long[] r = recorded.get(i);
                    if (r[0] >= w[0] && r[0] <= w[1] && (source == null || source.equals("g" + r[1]))) {
                        expected.add("event at " + r[0]);
                    }
                }
                EventRepository.Filter filter = new EventRepository.Filter(
                        source == null ? null : SourceType.USER_GROUP, source, w[0], w[1]);
                List<Event> found = store().readSnapshot(tx -> tx.events().find(filter, null, 1_000));
                assertThat(found).as("window %s..%s, source %s", w[0], w[1], source)
                        .extracting(Event::message).containsExactlyElementsOf(expected);
                // Paged by ten, newest first, the same events.
                List<String> paged = new java.util.ArrayList<>();
                Long before = null;
                while (true) {
                    Long marker = before;
                    List<Event> page = store().readSnapshot(tx -> tx.events().find(filter, marker, 10));
                    page.forEach(e -> paged.add(e.message()));
                    if (page.size() < 10) {
                        break;
                    }
                    before = page.get(page.size() - 1).id();
                }
                assertThat(paged).containsExactlyElementsOf(expected);
            }
        }
        long cut = recorded.get(400)[0];
        long older = recorded.stream().filter(r -> r[0] < cut).count();
        int deleted = store().inTransaction(tx -> tx.events().deleteBefore(cut));
        assertThat(deleted).isEqualTo((int) older);
        List<Event> kept = store().readSnapshot(tx -> tx.events().find(ALL, null, 1_000));
        assertThat(kept).allSatisfy(e -> assertThat(e.dateMillis()).isGreaterThanOrEqualTo(cut))
                .hasSize(recorded.size() - (int) older);
    }

    @Test
    void anEventIsRolledBackWithItsChange() {
        assertThatThrownBy(() -> store().inTransaction(tx -> {
            tx.events().record(SourceType.USER, "ghost", "User ghost created", 1_000);
            throw new IllegalStateException("the change failed");
        })).hasMessage("the change failed");
        List<Event> none = store().readSnapshot(tx -> tx.events().find(ALL, null, 10));
        assertThat(none).isEmpty();
    }
}
