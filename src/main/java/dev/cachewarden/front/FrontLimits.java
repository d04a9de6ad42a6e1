package dev.cachewarden.front;

import java.time.Duration;

/**
 * What the front tolerates from a client.
 *
 * @param stalledCommand how long a client may stop sending in the middle of a command before the front
 *     closes its connection (a node's own {@code timeout} is 0, so this is the front's limit)
 * @param maxBulkLength the longest bulk string accepted, Redis's {@code proto-max-bulk-len} (streamed,
 *     never buffered)
 */
public record FrontLimits(Duration stalledCommand, long maxBulkLength) {
    public static final long REDIS_MAX_BULK_LENGTH = 512L * 1024 * 1024;

    public static FrontLimits defaults() {
        return new FrontLimits(Duration.ofSeconds(60), REDIS_MAX_BULK_LENGTH);
    }
}
