package dev.cachewarden.caches;

import io.lettuce.core.KeyValue;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A client writing {@code prefix:i = i} through a group's PrimaryEndpoint, reconnecting after any
 * failure. With {@code replicas}, a write counts as acknowledged only once {@code WAIT 1} says a
 * replica has it (what automatic failover promises to keep); without, the primary's OK is enough (it
 * reloads its append-only file). A write not acknowledged is retried under a new index, so a lost
 * unacknowledged write is never mistaken for a lost acknowledged one.
 */
final class WaitedWriter implements AutoCloseable {
    private static final long WAIT_MILLIS = 1_000;

    private final RedisProbe redis;
    private final int port;
    private final String prefix;
    private final boolean replicas;
    private final List<Integer> acknowledged = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int failures;

    WaitedWriter(RedisProbe redis, int port, String prefix, boolean replicas) {
        this.redis = redis;
        this.port = port;
        this.prefix = prefix;
        this.replicas = replicas;
        this.thread = Thread.ofPlatform().name("writer-" + prefix).daemon().start(this::run);
    }

    private void run() {
        StatefulRedisConnection<String, String> c = null;
        int next = 0;
        while (running) {
            int i = next++;
            try {
                if (c == null) {
                    c = redis.connect(port, true, TlsGroups.USER, TlsGroups.PASSWORD);
                }
                boolean ok = "OK".equals(c.sync().set(prefix + ":" + i, Integer.toString(i)));
                if (ok && replicas) {
                    ok = c.sync().waitForReplication(1, WAIT_MILLIS) >= 1;
                }
                if (ok) {
                    acknowledged.add(i);
                }
                sleep(2); // a steady trickle, not a flood: the machine is shared
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
                sleep(100);
            }
        }
        if (c != null) {
            c.close();
        }
    }

    String prefix() {
        return prefix;
    }

    int count() {
        return acknowledged.size();
    }

    int failures() {
        return failures;
    }

    List<Integer> acknowledged() {
        return List.copyOf(acknowledged);
    }

    /** The acknowledged writes missing (or wrong) behind {@code port}, read with MGET in batches. */
    List<Integer> missing(List<Integer> acked) {
        List<Integer> missing = new ArrayList<>();
        try (StatefulRedisConnection<String, String> c = redis.connect(port, true, TlsGroups.USER, TlsGroups.PASSWORD)) {
            for (int from = 0; from < acked.size(); from += 500) {
                List<Integer> batch = acked.subList(from, Math.min(acked.size(), from + 500));
                List<KeyValue<String, String>> values = c.sync().mget(
                        batch.stream().map(i -> prefix + ":" + i).toArray(String[]::new));
                for (int k = 0; k < batch.size(); k++) {
                    KeyValue<String, String> v = values.get(k);
                    if (!v.hasValue() || !v.getValue().equals(Integer.toString(batch.get(k)))) {
                        missing.add(batch.get(k));
                    }
                }
            }
        }
        return missing;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
