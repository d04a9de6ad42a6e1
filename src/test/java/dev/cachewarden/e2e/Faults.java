package dev.cachewarden.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.services.elasticache.model.ElastiCacheException;

/** Assertions on AWS faults as the SDK surfaces them, and unique names so tests share one server. */
final class Faults {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private Faults() {}

    /**
     * Runs the call and asserts it failed with exactly this SDK exception class, HTTP status and wire
     * code, carrying a request id and a message.
     */
    static <T extends ElastiCacheException> T assertFault(ThrowingCallable call, Class<T> type, int status,
                                                          String code) {
        T e = catchThrowableOfType(type, call);
        assertThat(e).as("expected %s (%s)", type.getSimpleName(), code).isNotNull();
        assertThat(e.getClass()).isEqualTo(type);
        assertThat(e.statusCode()).as("HTTP status of " + code).isEqualTo(status);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
        assertThat(e.requestId()).as("request id").isNotBlank();
        assertThat(e.awsErrorDetails().errorMessage()).as("message").isNotBlank();
        return e;
    }

    /** A fresh lowercase id with this prefix, unique within the JVM. */
    static String id(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 100_000, 36);
    }
}
