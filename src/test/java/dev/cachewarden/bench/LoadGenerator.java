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
 * workload running out), loopback only; it stops by itself.
 */
final class LoadGenerator {
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
     */
    record Result(String target, String operation, int concurrency, long ok, Map<String, Long> others, double seconds,
                  double requestsPerSecond, double p50, double p99, double p999, double mean, long connections) {}

    private LoadGenerator() {}

    static Result run(String target, String operation, String host, int port, int concurrency, Workload workload,
                      Duration warmup, Duration measure) throws InterruptedException {
        long[][] latencies = new long[concurrency][];
        int[] counts = new int[concurrency];
        List<Map<String, Long>> others = new ArrayList<>();
        long[] connects = new long[concurrency];
        long[] signedInWindow = new long[concurrency];
        CountDownLatch ready = new CountDownLatch(concurrency);
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2];
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
                    long end = window[1];
                    while (true) {
                        byte[] request = worker.next();
                        long t0 = System.nanoTime();
                        if (request == null || t0 >= end) {
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
        for (Thread t : threads) {
            t.join();
        }
        long finished = Math.min(System.nanoTime(), window[1]);
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
                Arrays.stream(connects).sum());
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
