package dev.cachewarden.store.jdbc;

import dev.cachewarden.events.Event;
import dev.cachewarden.events.SourceType;
import dev.cachewarden.store.EventRepository;
import java.util.ArrayList;
import java.util.List;

final class JdbcEventRepository implements EventRepository {
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
        sql.append(" ORDER BY event_id DESC FETCH FIRST ").append(limit).append(" ROWS ONLY");
        return jdbc.query(sql.toString(), rs -> new Event(rs.getLong(1),
                SourceType.fromWire(rs.getString(2)).orElseThrow(), rs.getString(3), rs.getString(4), rs.getLong(5)),
                params.toArray());
    }

    @Override
    public int deleteBefore(long millis) {
        return jdbc.update("DELETE FROM events WHERE occurred_at < ?", millis);
    }
}
