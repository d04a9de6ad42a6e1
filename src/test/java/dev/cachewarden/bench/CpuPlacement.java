package dev.cachewarden.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the front's throughput runs: redis-benchmark on one CPU, the server side on another (the
 * direct node; or the front's JVM, every thread of it, and its node), with {@code taskset}. Each side
 * then has the one core a single-threaded redis-server can use, and the load generator takes none of
 * it, as a client on another machine would not. On two cores unpinned, three busy processes took
 * turns through the front where two did direct: a preempted event loop or node held every client up
 * for a time slice (docs/bench.md, "The front's throughput, pinned").
 *
 * @param allCpus the CPUs the benchmark may use, as the kernel lists them ("0-1"), given back by unpin
 */
record CpuPlacement(String taskset, int clientCpu, int serverCpu, String allCpus) {
    /** The first two CPUs this process may use, or null without {@code taskset} or a second CPU. */
    static CpuPlacement detect() throws IOException {
        String taskset = BenchContext.onPath("taskset");
        if (taskset == null) {
            return null;
        }
        String allowed = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("Cpus_allowed_list:")).map(l -> l.substring(l.indexOf(':') + 1).strip())
                .findFirst().orElse("");
        List<Integer> cpus = cpus(allowed);
        return cpus.size() < 2 ? null : new CpuPlacement(taskset, cpus.get(0), cpus.get(1), allowed);
    }

    /** "0-1,4" → [0, 1, 4]. */
    static List<Integer> cpus(String list) {
        List<Integer> cpus = new ArrayList<>();
        for (String part : list.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] range = part.strip().split("-");
            int from = Integer.parseInt(range[0]);
            int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
            for (int c = from; c <= to; c++) {
                cpus.add(c);
            }
        }
        return cpus;
    }

    /** The command prefix that runs a client on its CPU. */
    List<String> clientPrefix() {
        return List.of(taskset, "-c", Integer.toString(clientCpu));
    }

    /** Every thread of each process to the server's CPU (threads and processes they start later follow). */
    void pinServers(long... pids) throws IOException, InterruptedException {
        for (long pid : pids) {
            set(pid, Integer.toString(serverCpu));
        }
    }

    /** Back to every CPU the benchmark may use. */
    void unpin(long... pids) throws IOException, InterruptedException {
        for (long pid : pids) {
            set(pid, allCpus);
        }
    }

    private void set(long pid, String cpus) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(taskset, "-a", "-p", "-c", cpus, Long.toString(pid))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("taskset -a -p -c " + cpus + " " + pid + " failed: " + out.strip());
        }
    }
}
