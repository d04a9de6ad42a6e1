package dev.cachewarden.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark's settings; {@code bench/run --help} lists them.
 *
 * @param serverJavaOptions JVM options for the cachewarden processes (e.g. a JFR recording)
 */
record BenchOptions(Path jar, Path out, Duration warmup, Duration measure, List<Integer> concurrencies,
                    int scaleUsers, int scaleGroups, int propagationChanges, List<String> serverJavaOptions,
                    boolean moto, List<String> sections) {

    static final String USAGE = """
            bench/run [options]   (the Java part: dev.cachewarden.bench.Bench)
              --jar PATH              the server jar (default target/cachewarden.jar)
              --out PATH              results JSON (default bench/results/latest.json)
              --warmup-seconds N      unmeasured warm-up at the start of every phase (default 1)
              --seconds N             measured time of every phase (default 4)
              --concurrency 1,8,64    closed-loop workers (default 1,8,64)
              --scale-users N         users in the scale section (default 10000)
              --scale-groups N        user groups in the scale section (default 1000)
              --propagation-changes N changes timed in the propagation section (default 50)
              --server-java-opts "…"  JVM options for the cachewarden processes, e.g.
                                      "-XX:StartFlightRecording=filename=/tmp/cw-%p.jfr,settings=profile"
              --no-moto               skip the moto baseline
              --sections LIST         which of startup,api,propagation,scale,front,failover,adoption,cluster to run (default all)
              --only SECTION          one section alone, e.g. --only front (about a minute)
            """;

    static BenchOptions parse(String[] args) {
        Path jar = Path.of("target/cachewarden.jar");
        Path out = Path.of("bench/results/latest.json");
        double warmup = 1;
        double measure = 4;
        List<Integer> concurrencies = List.of(1, 8, 64);
        int users = 10_000;
        int groups = 1_000;
        int changes = 50;
        List<String> javaOpts = List.of();
        boolean moto = true;
        List<String> sections = List.of("startup", "api", "propagation", "scale", "front", "failover", "adoption", "cluster");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--jar" -> jar = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--warmup-seconds" -> warmup = Double.parseDouble(args[++i]);
                case "--seconds" -> measure = Double.parseDouble(args[++i]);
                case "--concurrency" -> concurrencies = Arrays.stream(args[++i].split(","))
                        .map(String::trim).map(Integer::parseInt).toList();
                case "--scale-users" -> users = Integer.parseInt(args[++i]);
                case "--scale-groups" -> groups = Integer.parseInt(args[++i]);
                case "--propagation-changes" -> changes = Integer.parseInt(args[++i]);
                case "--server-java-opts" -> javaOpts = new ArrayList<>(Arrays.asList(args[++i].trim().split("\\s+")));
                case "--no-moto" -> moto = false;
                case "--sections", "--only" ->
                        sections = Arrays.stream(args[++i].split(",")).map(String::trim).toList();
                case "-h", "--help" -> {
                    System.out.print(USAGE);
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
            }
        }
        return new BenchOptions(jar, out, seconds(warmup), seconds(measure), concurrencies, users, groups, changes,
                javaOpts.stream().filter(s -> !s.isEmpty()).toList(), moto,
                sections);
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis(Math.round(s * 1000));
    }
}
