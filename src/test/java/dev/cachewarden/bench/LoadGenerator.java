package dev.cachewarden.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

/**
 * A closed-loop load generator: {@code concurrency} threads, each with its own keep-alive
 * connection, send a request, wait for the answer, send the next. Bounded by time (and by the
 * workload running out), loopback only; it stops by itself. A phase also ends once it holds
 * {@link #ENOUGH} answers and has run {@link #AT_LEAST}: a no-op at 20,000 req/s has all the
 * statistics it needs after a second or two, a write at 500 req/s runs the whole window.
 */
final class LoadGenerator {
    /** Answers that settle a p99.9 (the 40 slowest above it); more only lengthens the phase. */
    static final long ENOUGH = 40_000;
    /** The shortest measured window, so that a phase spans a few GC cycles and scheduler periods. */
    static final Duration AT_LEAST = Duration.ofMillis(1500);
    /** One worker's requests and how it judges the answers. Not shared between threads. */
    interface Worker {
        /** The next request's bytes (signed before the window, see {@link PresignedPool}), or null when this worker has no more to send. */
        byte[] next();

        /** Requests this worker had to sign inside the window, its pre-signed plan used up. */
        default long signedInWindow() {
            return 0;
        }

        /** "" for an answer that counts as done, else the class it is counted under (e.g. the AWS error code). */
        default String judge(HttpConnection.Response response) {
            return response.status() == 200 ? "" : outcome(response);
        }
    }

    interface Workload {
        Worker worker(int index, int concurrency);
    }

    static String outcome(HttpConnection.Response response) {
        String code = response.errorCode();
        return code.isEmpty() ? "HTTP " + response.status() : code;
    }

    /**
     * @param ok answers judged done in the measured window
     * @param others answers of any other class in the window, by class
     * @param latenciesMillis p50, p99, p99.9 and mean of the done answers, in milliseconds
     * @param serverCpuMicrosPerRequest the server process's CPU time (user + system, /proc; JIT compiler
     *     threads left out) in the window per answer of any class; NaN when its PID was not given. On a shared machine this moves far
     *     less than req/s: it is the figure to compare a change by.
     */
    record Result(String target, String operation, int concurrency, long ok, Map<String, Long> others, double seconds,
                  double requestsPerSecond, double p50, double p99, double p999, double mean, long connections,
                  double serverCpuMicrosPerRequest) {}

    private LoadGenerator() {}

    static Result run(String target, String operation, String host, int port, int concurrency, Workload workload,
                      Duration warmup, Duration measure) throws InterruptedException {
        return run(target, operation, host, port, concurrency, workload, warmup, measure, 0);
    }

    /** As above; {@code serverPid} (0: none) is the process whose CPU per answer the result carries. */
    static Result run(String target, String operation, String host, int port, int concurrency, Workload workload,
                      Duration warmup, Duration measure, long serverPid) throws InterruptedException {
        long[][] latencies = new long[concurrency][];
        int[] counts = new int[concurrency];
        List<Map<String, Long>> others = new ArrayList<>();
        long[] connects = new long[concurrency];
        long[] signedInWindow = new long[concurrency];
        CountDownLatch ready = new CountDownLatch(concurrency);
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2];
        java.util.concurrent.atomic.AtomicLong answered = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong endAt = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            int index = i;
            Map<String, Long> mine = new TreeMap<>();
            others.add(mine);
            Worker worker = workload.worker(index, concurrency);
            // Platform threads: a blocking read on loopback parks in the kernel, where a virtual thread's
            // goes through the poller and a carrier hand-off per answer (measured: the slower of the two).
            threads.add(Thread.ofPlatform().daemon().name("load-" + i).start(() -> {
                long[] lat = new long[4096];
                int n = 0;
                try (HttpConnection connection = new HttpConnection(host, port)) {
                    ready.countDown();
                    go.await();
                    long measureFrom = window[0];
                    long minEnd = measureFrom + AT_LEAST.toNanos();
                    while (true) {
                        byte[] request = worker.next();
                        long t0 = System.nanoTime();
                        if (request == null || t0 >= Math.min(window[1], endAt.get())) {
                            break;
                        }
                        String outcome;
                        try {
                            HttpConnection.Response response = connection.exchangeJudging(request);
                            long t1 = System.nanoTime();
                            outcome = worker.judge(response);
                            if (outcome.isEmpty() && t0 >= measureFrom) {
                                if (n == lat.length) {
                                    lat = Arrays.copyOf(lat, n * 2);
                                }
                                lat[n++] = t1 - t0;
                            }
                        } catch (IOException e) {
                            outcome = "I/O " + e.getClass().getSimpleName();
                            connection.close();
                            Thread.sleep(10);
                        }
                        if (!outcome.isEmpty() && t0 >= measureFrom) {
                            mine.merge(outcome, 1L, Long::sum);
                        }
                        if (t0 >= measureFrom && answered.incrementAndGet() >= ENOUGH && t0 >= minEnd) {
                            endAt.accumulateAndGet(t0, Math::min);
                        }
                    }
                    connects[index] = connection.connects();
                    signedInWindow[index] = worker.signedInWindow();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                latencies[index] = lat;
                counts[index] = n;
            }));
        }
        ready.await();
        long start = System.nanoTime();
        window[0] = start + warmup.toNanos();
        window[1] = window[0] + measure.toNanos();
        go.countDown();
        double cpuBefore = Double.NaN;
        if (serverPid > 0) {
            long toWindow = window[0] - System.nanoTime();
            if (toWindow > 0) {
                Thread.sleep(toWindow / 1_000_000, (int) (toWindow % 1_000_000));
            }
            cpuBefore = cpuSeconds(serverPid);
        }
        for (Thread t : threads) {
            t.join();
        }
        double cpuAfter = serverPid > 0 ? cpuSeconds(serverPid) : Double.NaN;
        long finished = Math.min(System.nanoTime(), Math.min(window[1], endAt.get()));
        double seconds = Math.max(1e-9, (finished - window[0]) / 1e9);

        long live = Arrays.stream(signedInWindow).sum();
        if (live > 0) {
            BenchContext.log(operation + " c=" + concurrency + ": " + live
                    + " requests signed inside the window (the pre-signed plan ran out)");
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int i = 0; i < concurrency; i++) {
            System.arraycopy(latencies[i], 0, all, at, counts[i]);
            at += counts[i];
        }
        Arrays.sort(all);
        Map<String, Long> merged = new TreeMap<>();
        others.forEach(m -> m.forEach((k, v) -> merged.merge(k, v, Long::sum)));
        return new Result(target, operation, concurrency, total, merged, seconds, total / seconds,
                millis(percentile(all, 0.50)), millis(percentile(all, 0.99)), millis(percentile(all, 0.999)),
                total == 0 ? Double.NaN : millis(Arrays.stream(all).sum() / (double) total),
                Arrays.stream(connects).sum(), (cpuAfter - cpuBefore) * 1e6 / Math.max(1, answered.get()));
    }

    /**
     * CPU time (user + system) the process's threads have used so far, its JIT compiler threads left out
     * (a JVM server compiles for minutes under load, and a phase would pay for what an earlier one
     * ran); GC and every other thread count. From {@code /proc/PID/task/}; NaN for a process that is gone.
     */
    static double cpuSeconds(long pid) {
        java.nio.file.Path tasks = java.nio.file.Path.of("/proc/" + pid + "/task");
        try (var dirs = java.nio.file.Files.list(tasks)) {
            long ticks = 0;
            for (java.nio.file.Path task : dirs.toList()) {
                String stat;
                try {
                    stat = java.nio.file.Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread ended meanwhile
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                    continue;
                }
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
            }
            return ticks / 100.0; // clock ticks, 100 a second on Linux
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /** Nearest-rank percentile of sorted values; NaN when there are none. */
    static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double millis(double nanos) {
        return nanos / 1e6;
    }
}
