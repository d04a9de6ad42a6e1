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
                    int scaleUsers, int scaleGroups, int propagationChanges, int reconcileCaches, boolean scaleSeedViaApi, List<String> serverJavaOptions,
                    boolean moto, List<String> sections) {

    static final String USAGE = """
            bench/run [options]   (the Java part: dev.cachewarden.bench.Bench)
              --jar PATH              the server jar (default target/cachewarden.jar)
              --out PATH              results JSON (default bench/results/latest.json)
              --warmup-seconds N      unmeasured warm-up at the start of every phase (default 1)
              --seconds N             measured time of every phase (default 4)
              --concurrency 1,8,64    closed-loop workers (default 1,8,64)
              --scale-users N         users in the scale section (default 100000)
              --scale-groups N        user groups in the scale section (default 10000)
              --propagation-changes N changes timed in the propagation section (default 50)
              --scale-seed store|api  how the scale section fills its store (default store: written before
                                      the server starts; api: CreateUser/CreateUserGroup requests)
              --reconcile-caches N    replication groups × 2 nodes in the reconcile section (default 100)
              --server-java-opts "…"  JVM options for the cachewarden processes, e.g.
                                      "-XX:StartFlightRecording=filename=/tmp/cw-%p.jfr,settings=profile"
              --no-moto               skip the moto baseline
              --sections LIST         which of startup,api,propagation,reconcile,scale,front,failover,adoption,cluster to run (default all)
              --only SECTION          one section alone, e.g. --only front (about 3 minutes)
            """;

    static BenchOptions parse(String[] args) {
        Path jar = Path.of("target/cachewarden.jar");
        Path out = Path.of("bench/results/latest.json");
        double warmup = 1;
        double measure = 4;
        List<Integer> concurrencies = List.of(1, 8, 64);
        int users = ScaleSection.ISSUE_USERS;
        int groups = ScaleSection.ISSUE_GROUPS;
        int changes = 50;
        int reconcileCaches = 100;
        boolean scaleSeedViaApi = false;
        List<String> javaOpts = List.of();
        boolean moto = true;
        List<String> sections = List.of("startup", "api", "propagation", "reconcile", "scale", "front", "failover", "adoption",
                "cluster");
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
                case "--scale-seed" -> scaleSeedViaApi = switch (args[++i]) {
                    case "api" -> true;
                    case "store" -> false;
                    default -> throw new IllegalArgumentException("--scale-seed is store or api\n" + USAGE);
                };
                case "--reconcile-caches" -> reconcileCaches = Integer.parseInt(args[++i]);
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
        return new BenchOptions(jar, out, seconds(warmup), seconds(measure), concurrencies, users, groups, changes, reconcileCaches, scaleSeedViaApi,
                javaOpts.stream().filter(s -> !s.isEmpty()).toList(), moto,
                sections);
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis(Math.round(s * 1000));
    }
}
