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
