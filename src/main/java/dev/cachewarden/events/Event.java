package dev.cachewarden.events;

/**
 * Something that happened to a resource, as DescribeEvents answers it.
 *
 * @param id the store's sequence number: orders events that share a millisecond, and pages them
 * @param dateMillis when it happened (epoch milliseconds)
 */
public record Event(long id, SourceType sourceType, String sourceIdentifier, String message, long dateMillis) {}
