package dev.cachewarden.service;

import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.events.Event;
import dev.cachewarden.events.SourceType;
import dev.cachewarden.store.EventRepository;
import dev.cachewarden.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * DescribeEvents: which events a request asks for, as ElastiCache reads its parameters. Without a
 * time, the last hour; never older than the 14 days events are kept. Newest first, paged like the
 * other cache Describes (MaxRecords 20–100).
 */
public final class EventService {
    /** "you can retrieve up to 14 days' worth of events" (API reference). */
    public static final Duration RETENTION = Duration.ofDays(14);
    static final Duration DEFAULT_WINDOW = Duration.ofHours(1);
    /** Expired events are deleted at most this often, by the Describe that notices. */
    private static final long PRUNE_EVERY_MILLIS = Duration.ofHours(1).toMillis();

    /** The request's parameters, unparsed: each is checked here, as AWS checks it. */
    public record DescribeEvents(Optional<String> sourceIdentifier, Optional<String> sourceType,
                                 Optional<String> startTime, Optional<String> endTime, Optional<Integer> duration,
                                 Integer maxRecords, String marker) {}

    private final Store store;
    private final ServiceSettings settings;
    private final AtomicLong lastPrune = new AtomicLong();

    public EventService(Store store, ServiceSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    public Page<Event> describe(DescribeEvents request) {
        Optional<SourceType> type = request.sourceType().map(v -> SourceType.fromWire(v).orElseThrow(
                () -> ElastiCacheFault.invalidValue("Invalid source type: " + v)));
        if (request.sourceIdentifier().isPresent() && type.isEmpty()) {
            throw ElastiCacheFault.invalidCombination("SourceType must be specified when SourceIdentifier is specified.");
        }
        int limit = Paging.maxRecords(request.maxRecords(), Paging.CACHES);
        Long before = Optional.ofNullable(Paging.afterId(request.marker())).map(EventService::eventId).orElse(null);
        long now = settings.clock().millis();
        long[] window = window(request, now);
        EventRepository.Filter filter = new EventRepository.Filter(type.orElse(null),
                request.sourceIdentifier().orElse(null), Math.max(window[0], now - RETENTION.toMillis()), window[1]);
        List<Event> found = store.readSnapshot(tx -> tx.events().find(filter, before, limit + 1));
        prune(now);
        if (found.size() <= limit) {
            return new Page<>(found, null);
        }
        List<Event> page = found.subList(0, limit);
        return new Page<>(List.copyOf(page), Paging.markerAfter(Long.toString(page.get(limit - 1).id())));
    }

    /** {from, to}: StartTime/EndTime as given, Duration (minutes) filling in the missing end; else the last hour. */
    private static long[] window(DescribeEvents request, long now) {
        Optional<Long> start = request.startTime().map(v -> time("StartTime", v));
        Optional<Long> end = request.endTime().map(v -> time("EndTime", v));
        Optional<Integer> minutes = request.duration();
        if (minutes.isPresent() && start.isPresent() && end.isPresent()) {
            throw ElastiCacheFault.invalidCombination("Duration cannot be specified with both StartTime and EndTime.");
        }
        if (minutes.isPresent() && minutes.get() < 0) {
            throw ElastiCacheFault.invalidValue("Duration must be a non-negative number of minutes.");
        }
        long span = minutes.map(m -> Duration.ofMinutes(m).toMillis()).orElse(DEFAULT_WINDOW.toMillis());
        long from;
        long to;
        if (start.isPresent() && end.isPresent()) {
            from = start.get();
            to = end.get();
            if (from > to) {
                throw ElastiCacheFault.invalidCombination("StartTime must be before EndTime.");
            }
        } else if (start.isPresent()) {
            from = start.get();
            to = minutes.isPresent() ? from + span : now;
        } else if (end.isPresent()) {
            to = end.get();
            from = to - span;
        } else {
            to = now;
            from = now - span;
        }
        // A StartTime in the future, with no EndTime, is an empty window, not an error.
        return new long[] {from, to};
    }

    private static long time(String parameter, String value) {
        try {
            return Instant.parse(value).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(value).toInstant().toEpochMilli();
            } catch (java.time.format.DateTimeParseException again) {
                throw ElastiCacheFault.invalidValue("Invalid value for " + parameter + ": " + value
                        + " (ISO 8601, e.g. 2017-03-30T07:03:49.555Z)");
            }
        }
    }

    private static long eventId(String markerId) {
        try {
            return Long.parseLong(markerId);
        } catch (NumberFormatException e) {
            throw ElastiCacheFault.invalidValue("Invalid marker: " + markerId);
        }
    }

    /** Deletes what is past retention, once an hour at most; a failure waits for the next Describe. */
    private void prune(long now) {
        long last = lastPrune.get();
        if (now - last < PRUNE_EVERY_MILLIS || !lastPrune.compareAndSet(last, now)) {
            return;
        }
        try {
            store.inTransaction(tx -> tx.events().deleteBefore(now - RETENTION.toMillis()));
        } catch (RuntimeException e) {
            lastPrune.set(last);
        }
    }
}
