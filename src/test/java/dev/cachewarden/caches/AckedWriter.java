package dev.cachewarden.caches;

import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A client writing {@code prefix:i = i} through a cache's published (front) endpoint as fast as it
 * can, reconnecting after any failure; it remembers every write the cache acknowledged with OK. A
 * write that failed is retried with the same key, so the acknowledged keys are 0..n-1.
 */
final class AckedWriter implements AutoCloseable {
    private final RedisProbe redis;
    private final int port;
    private final String user;
    private final String password;
    private final String prefix;
    private final List<Integer> acknowledged = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int failures;

    AckedWriter(RedisProbe redis, int port, String user, String password, String prefix) {
        this.redis = redis;
        this.port = port;
        this.user = user;
        this.password = password;
        this.prefix = prefix;
        this.thread = Thread.ofPlatform().name("acked-writer").daemon().start(this::run);
    }

    private void run() {
        StatefulRedisConnection<String, String> c = null;
        int next = 0;
        while (running) {
            try {
                if (c == null) {
                    c = redis.connect(port, true, user, password);
                }
                if ("OK".equals(c.sync().set(prefix + ":" + next, Integer.toString(next)))) {
                    acknowledged.add(next);
                    next++;
                }
            } catch (RuntimeException e) {
                failures++;
                if (c != null) {
                    try {
                        c.close();
                    } catch (RuntimeException ignored) {
                        // already broken
                    }
                    c = null;
                }
                sleep(50);
            }
        }
        if (c != null) {
            c.close();
        }
    }

    int count() {
        return acknowledged.size();
    }

    int failures() {
        return failures;
    }

    /** Waits until {@code more} further writes are acknowledged. */
    void awaitMore(int more, Duration timeout) {
        int target = count() + more;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count() < target) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + count() + " of " + target + " writes acknowledged after "
                        + timeout + " (" + failures + " failures)");
            }
            sleep(20);
        }
    }

    /** Stops writing; returns the acknowledged indexes. */
    List<Integer> stop() throws InterruptedException {
        running = false;
        thread.join(10_000);
        return List.copyOf(acknowledged);
    }

    /** The acknowledged writes missing (or wrong) on the node behind {@code port}. */
    static List<Integer> missing(RedisProbe redis, int port, String user, String password, String prefix,
                                 List<Integer> acknowledged) {
        try (StatefulRedisConnection<String, String> c = redis.connect(port, true, user, password)) {
            return acknowledged.stream()
                    .filter(i -> !Integer.toString(i).equals(c.sync().get(prefix + ":" + i))).toList();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
