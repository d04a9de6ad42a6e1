package dev.cachewarden.store;

import dev.cachewarden.events.Event;
import dev.cachewarden.events.SourceType;
import java.util.List;

/**
 * The events DescribeEvents reports. An event is recorded in the transaction of the change it
 * reports, so it exists exactly when that change does.
 */
public interface EventRepository {
    void record(SourceType sourceType, String sourceIdentifier, String message, long dateMillis);

    /**
     * Events matching {@code filter}, newest first, at most {@code limit}.
     *
     * @param beforeId only events older than this one (a page's marker); null from the newest
     */
    List<Event> find(Filter filter, Long beforeId, int limit);

    /** Removes events older than {@code millis} (retention); @return how many. */
    int deleteBefore(long millis);

    /**
     * @param sourceType null for every type
     * @param sourceIdentifier null for every source
     * @param fromMillis inclusive
     * @param toMillis inclusive
     */
    record Filter(SourceType sourceType, String sourceIdentifier, long fromMillis, long toMillis) {}
}
