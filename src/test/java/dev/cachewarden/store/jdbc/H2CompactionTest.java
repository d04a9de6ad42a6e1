package dev.cachewarden.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.Status;
import dev.cachewarden.domain.UserGroup;
import dev.cachewarden.events.SourceType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store's file under sustained writes (docs/bench.md, "Writes, fifth look": 2.7 GB after
 * eight minutes of wrk): it shrinks back towards its live size once they stop. The retention time (how long a dead chunk is kept before its space is reused)
 * is cut to 100 ms so that seconds show what minutes show at H2's 45 s.
 */
class H2CompactionTest {
    private static final int COLD_GROUPS = 2_000;
    private static final int HOT_GROUPS = 8;
    private static final long CHURN_MILLIS = 12_000;
    /** Transactions a second per thread (four threads): the file's bound depends on the rate. */
    private static final int RATE = 100;
    private static final int RETENTION_MILLIS = 100;

    @TempDir
    Path dir;

    @Test
    void fileShrinksBackOnceTheWritesStop() throws Exception {
        Path data = dir.resolve("data");
        Path file = data.resolve(EmbeddedH2.EMBEDDED_NAME + ".mv.db");
        try (JdbcStore store = JdbcStore.embedded(data);
             Connection side = EmbeddedH2.anchor(EmbeddedH2.embeddedUrl(data.toAbsolutePath()), "sa", "")) {
            EmbeddedH2.mvStore(side).setRetentionTime(RETENTION_MILLIS);
            for (int i = 0; i < COLD_GROUPS; i += 100) {
                int from = i;
                store.inTransaction(tx -> {
                    for (int g = from; g < from + 100; g++) {
                        tx.userGroups().insert(group("cold" + g));
                    }
                    return null;
                });
            }
            for (int g = 0; g < HOT_GROUPS; g++) {
                String id = "hot" + g;
                store.inTransaction(tx -> tx.userGroups().insert(group(id)));
            }
            long seeded = Files.size(file);

            long maxDuringChurn = churn(store, file);
            long afterChurn = Files.size(file);
            long idle = awaitShrink(file, seeded);
            System.out.printf("seeded %d KB, churn max %d KB, at its end %d KB, idle %d KB%n",
                    seeded >> 10, maxDuringChurn >> 10, afterChurn >> 10, idle >> 10);

            // The live data is the seed (~0.5 MB) plus two seconds of events. The file grew ~0.6 MB a second
            // during the churn, to ~10 MB, and stayed there without compaction; with it, 0.3-1 MB idle.
            assertThat(maxDuringChurn).as("the churn grew the file (seeded: %d)", seeded).isGreaterThan(4 * seeded);
            assertThat(idle).as("file size after the writes stopped (seeded: %d)", seeded).isLessThan(2L << 20);
            long groups = store.readSnapshot(tx -> tx.userGroups().count());
            assertThat(groups).isEqualTo(COLD_GROUPS + HOT_GROUPS);
        }
    }

    /**
     * Four threads: each transaction rewrites a hot group's members and records an event, one in eight
     * also a random cold group's (its leaf lands in a chunk of otherwise short-lived pages), one in
     * fifty drops the events older than two seconds. Returns the largest file size seen.
     */
    private static long churn(JdbcStore store, Path file) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CHURN_MILLIS);
        AtomicLong serial = new AtomicLong();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Random random = new Random(t);
            done.add(pool.submit(() -> {
                long next = System.nanoTime();
                while (System.nanoTime() < end) {
                    next += 1_000_000_000L / RATE;
                    long ahead = next - System.nanoTime();
                    if (ahead > 0) {
                        TimeUnit.NANOSECONDS.sleep(ahead);
                    }
                    long n = serial.incrementAndGet();
                    String hot = "hot" + random.nextInt(HOT_GROUPS);
                    String cold = n % 8 == 0 ? "cold" + random.nextInt(COLD_GROUPS) : null;
                    store.inTransaction(tx -> {
                        tx.userGroups().find(hot, true).orElseThrow();
                        tx.userGroups().setMembers(hot, List.of("default", "u" + n));
                        if (cold != null) {
                            tx.userGroups().setMembers(cold, List.of("default", "u" + n));
                        }
                        tx.events().record(SourceType.USER_GROUP, hot, "modified " + n, System.currentTimeMillis());
                        if (n % 50 == 0) {
                            tx.events().deleteBefore(System.currentTimeMillis() - 2_000);
                        }
                        return null;
                    });
                }
                return null;
            }));
        }
        long max = 0;
        long started = System.nanoTime();
        long printed = 0;
        while (!done.stream().allMatch(Future::isDone)) {
            long size = Files.size(file);
            max = Math.max(max, size);
            long second = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            if (second > printed) {
                printed = second;
                System.out.printf("%d s: %d KB, %d transactions%n", second, size >> 10, serial.get());
            }
            Thread.sleep(100);
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        System.out.printf("%d transactions in %d s%n", serial.get(), CHURN_MILLIS / 1000);
        return Math.max(max, Files.size(file));
    }

    /** Waits (at most 40 s: compaction starts after 10 s without a commit) for the file to fall under twice its seeded size. */
    private static long awaitShrink(Path file, long seeded) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        long size = Files.size(file);
        while (size > 2 * seeded && System.nanoTime() < deadline) {
            Thread.sleep(200);
            size = Files.size(file);
        }
        return size;
    }

    private static UserGroup group(String id) {
        return new UserGroup(id, Engine.REDIS, Status.ACTIVE, List.of("default"), null, List.of(), List.of(), null, 1);
    }
}
