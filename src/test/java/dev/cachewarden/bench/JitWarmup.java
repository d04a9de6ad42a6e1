package dev.cachewarden.bench;

import java.io.IOException;
import java.time.Duration;

/**
 * Unmeasured rounds of a section's own load until the JIT compilers have settled in the server's JVM:
 * a server that has been up a while has compiled its paths, and a window measured while C2 still takes
 * a large share of two cores measures the JIT as much as the server.
 */
final class JitWarmup {
    /** A round of load, unmeasured. */
    @FunctionalInterface
    interface Round {
        void run() throws IOException, InterruptedException;
    }

    /** How it ended: seconds of rounds run, and the JIT's share of the JVM's CPU in the last one. */
    record Settled(double seconds, double jitShare) {}

    private JitWarmup() {}

    /**
     * Runs {@code round} while the JIT compilers took more than {@code share} of the JVM's CPU in the
     * round before, for {@code max} at most (it always runs one round).
     */
    static Settled run(long pid, double share, Duration max, Round round) throws IOException, InterruptedException {
        return run(pid, share, max, Duration.ZERO, round);
    }

    /**
     * As above, the share judged over {@code round} repeated for {@code window} at least: C2 compiles in
     * bursts (one method 20–150 ms), so a short round without one says 0% while compiling goes on.
     */
    static Settled run(long pid, double share, Duration max, Duration window, Round round)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        double jitShare;
        do {
            ThreadCpu before = ThreadCpu.of(pid);
            long end = System.nanoTime() + window.toNanos();
            do {
                round.run();
            } while (System.nanoTime() < end);
            ThreadCpu after = ThreadCpu.of(pid).minus(before);
            jitShare = after.jit() / Math.max(after.total(), 1e-9);
        } while (jitShare > share && System.nanoTime() - start < max.toNanos());
        return new Settled((System.nanoTime() - start) / 1e9, jitShare);
    }
}
