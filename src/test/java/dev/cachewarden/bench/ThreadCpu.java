package dev.cachewarden.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CPU seconds a JVM's threads have used so far, by kind, from {@code /proc/<pid>/task}: on two loaded
 * cores the JIT compilers may still be at work while the front is measured (a perf profile under
 * load found them at 20–30% of its JVM), and this tells that one-time cost apart from the steady
 * cost of the event loops. Threads that ended between two readings are missing from the later one.
 */
record ThreadCpu(double eventLoops, double jit, double gc, double other) {
    /** Linux's USER_HZ: the unit of utime and stime in /proc. */
    private static final double TICKS_PER_SECOND = 100.0;

    static ThreadCpu of(long pid) {
        double loops = 0;
        double jit = 0;
        double gc = 0;
        double other = 0;
        for (Map.Entry<String, Double> thread : byThread(pid)) {
            String name = thread.getKey();
            double seconds = thread.getValue();
            if (name.startsWith("front-")) {
                loops += seconds;
            } else if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                jit += seconds;
            } else if (name.contains("GC") || name.equals("VM Thread")) {
                gc += seconds;
            } else {
                other += seconds;
            }
        }
        return new ThreadCpu(loops, jit, gc, other);
    }

    /**
     * Each live thread of the process with its CPU seconds so far (user and system), from /proc; none
     * where there is no /proc (not Linux) or the process is gone. A thread that ended is missing.
     */
    static List<Map.Entry<String, Double>> byThread(long pid) {
        List<Map.Entry<String, Double>> out = new ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread ended
                }
                int close = stat.lastIndexOf(')');
                String name = stat.substring(stat.indexOf('(') + 1, close);
                String[] f = stat.substring(close + 2).split(" ");
                out.add(Map.entry(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND));
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        return out;
    }

    ThreadCpu minus(ThreadCpu o) {
        return new ThreadCpu(eventLoops - o.eventLoops, jit - o.jit, gc - o.gc, other - o.other);
    }

    ThreadCpu plus(ThreadCpu o) {
        return new ThreadCpu(eventLoops + o.eventLoops, jit + o.jit, gc + o.gc, other + o.other);
    }

    double total() {
        return eventLoops + jit + gc + other;
    }

    /** "event loops 55%, JIT compilers 30%, GC 2%, other 13%" of the total. */
    String shares() {
        double t = Math.max(total(), 1e-9);
        return String.format("event loops %.0f%%, JIT compilers %.0f%%, GC %.0f%%, other threads %.0f%%",
                100 * eventLoops / t, 100 * jit / t, 100 * gc / t, 100 * other / t);
    }

    /**
     * A CPU reading for {@link HandshakeLoop#run}, which takes one at the start and one at the end of
     * its measured window: it answers the processes' CPU and adds up the JVM's threads over the windows.
     */
    static final class Windows implements java.util.function.DoubleSupplier {
        private final long jvm;
        private final long[] pids;
        private ThreadCpu start;
        private ThreadCpu sum = new ThreadCpu(0, 0, 0, 0);

        Windows(long jvm, long... pids) {
            this.jvm = jvm;
            this.pids = pids;
        }

        @Override
        public double getAsDouble() {
            ThreadCpu now = of(jvm);
            if (start == null) {
                start = now;
            } else {
                sum = sum.plus(now.minus(start));
                start = null;
            }
            return FrontSection.cpuSeconds(pids);
        }

        /** The JVM's threads over every window so far; then starts again from nothing. */
        ThreadCpu take() {
            ThreadCpu taken = sum;
            sum = new ThreadCpu(0, 0, 0, 0);
            return taken;
        }
    }
}
