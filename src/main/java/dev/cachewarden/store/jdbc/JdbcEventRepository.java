package dev.cachewarden.store.jdbc;

import dev.cachewarden.events.Event;
import dev.cachewarden.events.SourceType;
import dev.cachewarden.store.EventRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Events in one table ordered by {@code event_id}, with no index beside its primary key (V16): an
 * index by source put each write's key at its source's place, a leaf H2 had to read back and store
 * again at every commit, ~40% of a ModifyUserGroup's CPU. A query is instead bounded to the ids of its
 * time window: ids grow with time, so the first id at or after an instant is found by a binary search
 * over the primary key, and the scan, newest first, covers the window and no more.
 */
final class JdbcEventRepository implements EventRepository {
    /**
     * How far one event's time may be behind an earlier event's: a wall clock stepped back, or
     * instances sharing PostgreSQL whose clocks differ. The id bounds are widened by this much, so a
     * window misses no event unless times went back further; its times are still compared exactly.
     */
    static final long CLOCK_SKEW_MILLIS = 10 * 60_000;

    private final Jdbc jdbc;

    JdbcEventRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void record(SourceType sourceType, String sourceIdentifier, String message, long dateMillis) {
        jdbc.update("INSERT INTO events (source_type, source_identifier, message, occurred_at) VALUES (?, ?, ?, ?)",
                sourceType.wire(), sourceIdentifier, message, dateMillis);
    }

    @Override
    public List<Event> find(Filter filter, Long beforeId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT event_id, source_type, source_identifier, message, occurred_at "
                + "FROM events WHERE occurred_at >= ? AND occurred_at <= ?");
        List<Object> params = new ArrayList<>(List.of(filter.fromMillis(), filter.toMillis()));
        if (filter.sourceType() != null) {
            sql.append(" AND source_type = ?");
            params.add(filter.sourceType().wire());
        }
        if (filter.sourceIdentifier() != null) {
            sql.append(" AND source_identifier = ?");
            params.add(filter.sourceIdentifier());
        }
        if (beforeId != null) {
            sql.append(" AND event_id < ?");
            params.add(beforeId);
        }
        if (filter.fromMillis() > Long.MIN_VALUE + CLOCK_SKEW_MILLIS) {
            sql.append(" AND event_id >= ?");
            params.add(firstIdAtOrAfter(filter.fromMillis() - CLOCK_SKEW_MILLIS));
        }
        if (filter.toMillis() < Long.MAX_VALUE - CLOCK_SKEW_MILLIS) {
            sql.append(" AND event_id < ?");
            params.add(firstIdAtOrAfter(filter.toMillis() + CLOCK_SKEW_MILLIS + 1));
        }
        sql.append(" ORDER BY event_id DESC FETCH FIRST ").append(limit).append(" ROWS ONLY");
        return jdbc.query(sql.toString(), rs -> new Event(rs.getLong(1),
                SourceType.fromWire(rs.getString(2)).orElseThrow(), rs.getString(3), rs.getString(4), rs.getLong(5)),
                params.toArray());
    }

    @Override
    public int deleteBefore(long millis) {
        if (millis >= Long.MAX_VALUE - CLOCK_SKEW_MILLIS) {
            return jdbc.update("DELETE FROM events WHERE occurred_at < ?", millis);
        }
        // The retention's hourly prune: only the ids old enough to hold such events are read.
        return jdbc.update("DELETE FROM events WHERE event_id < ? AND occurred_at < ?",
                firstIdAtOrAfter(millis + CLOCK_SKEW_MILLIS), millis);
    }

    /**
     * The least id such that every event from it on happened at or after {@code millis} (ids and
     * times growing together); one past the newest id when none did. One read when the newest event is
     * older, else a binary search: about log2(ids) reads of one row each.
     */
    long firstIdAtOrAfter(long millis) {
        Optional<long[]> newest = jdbc.queryOne("SELECT event_id, occurred_at FROM events ORDER BY event_id DESC "
                + "FETCH FIRST 1 ROWS ONLY", rs -> new long[] {rs.getLong(1), rs.getLong(2)});
        if (newest.isEmpty()) {
            return 0;
        }
        if (newest.get()[1] < millis) {
            return newest.get()[0] + 1; // a window reaching now, the common case: one read
        }
        long[] oldest = jdbc.queryOne("SELECT event_id, occurred_at FROM events ORDER BY event_id "
                + "FETCH FIRST 1 ROWS ONLY", rs -> new long[] {rs.getLong(1), rs.getLong(2)}).orElseThrow();
        if (oldest[1] >= millis) {
            return oldest[0];
        }
        // The answer lies in (oldest, newest]: the oldest event was before millis, the newest was not.
        long lo = oldest[0] + 1;
        long hi = newest.get()[0];
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            long at = jdbc.queryOne("SELECT occurred_at FROM events WHERE event_id >= ? ORDER BY event_id "
                    + "FETCH FIRST 1 ROWS ONLY", rs -> rs.getLong(1), mid).orElseThrow();
            if (at >= millis) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
