package dev.cachewarden.durability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.junit.Cachewarden;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.UserGroup;

/**
 * Issue 15: every change the embedded (H2) store acknowledged survives {@code kill -9}, also under
 * concurrent commits. Several threads write with the real SDK (no retries) while the server JVM is
 * killed at random moments, again and again on the same data dir; after each restart every
 * resource must hold its last acknowledged state, or that of a later write whose answer was lost.
 */
class ConcurrentKillLoopIT {
    /** {@code -DkillLoop.kills=N} for a longer local run. */
    private static final int KILLS = Integer.getInteger("killLoop.kills", 10);
    private static final int THREADS = 6;

    @TempDir
    Path work;

    @Test
    void noAcknowledgedWriteIsLostAcrossRepeatedKills() throws Exception {
        long seed = Long.getLong("killLoop.seed", System.nanoTime());
        Random random = new Random(seed);
        Path data = work.resolve("data");
        String[] options = {"--data-dir", data.toString(), "--max-users", "100000", "--max-user-groups", "1000"};
        List<MixedWriter> writers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            writers.add(new MixedWriter("t" + t, random.nextLong()));
        }
        // H2 writes a commit into the space of dead chunks (where the loss happened) only once they
        // have been dead for RETENTION_TIME, 45 s by default: longer than this test. The setting is
        // kept in the database, so a file created with 0 has H2 reuse that space from the first round.
        java.nio.file.Files.createDirectories(data, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + data.toAbsolutePath().resolve("cachewarden"),
                "sa", ""); Statement s = c.createStatement()) {
            s.execute("SET RETENTION_TIME 0");
        }
        long[] checked = {0};
        List<String> lost = new ArrayList<>();
        int nearKill = 0;
        int repaired = 0; // restarts where H2 alone would have reopened an older version
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int kill = 0; kill <= KILLS; kill++) {
                try (ServerProcess server = ServerProcess.start(work, options);
                     ElastiCacheClient ec = client(server.endpoint())) {
                    check(ec, writers, checked, lost, kill);
                    if (server.log().contains("was not closed cleanly")) {
                        repaired++;
                    }
                    if (kill == KILLS) {
                        break;
                    }
                    // Kill 0.6 to 2 s into the load: commits from every thread are in flight then.
                    long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(600 + random.nextInt(1400));
                    ConcurrentLinkedQueue<Long> acks = new ConcurrentLinkedQueue<>();
                    List<Future<?>> running = new ArrayList<>();
                    for (MixedWriter writer : writers) {
                        running.add(pool.submit(() -> writer.run(ec, killAt + TimeUnit.SECONDS.toNanos(30), acks)));
                    }
                    TimeUnit.NANOSECONDS.sleep(Math.max(0, killAt - System.nanoTime()));
                    server.kill();
                    long killedAt = System.nanoTime();
                    String keep = System.getProperty("killLoop.keep"); // a dir: the files as each kill left them
                    if (keep != null) {
                        copyTree(data, Path.of(keep, "after-kill-" + (kill + 1)));
                    }
                    for (Future<?> f : running) {
                        f.get(30, TimeUnit.SECONDS);
                    }
                    nearKill += (int) acks.stream().filter(a -> killedAt - a < TimeUnit.MILLISECONDS.toNanos(50)).count();
                }
            }
        } finally {
            pool.shutdownNow();
            String keep = System.getProperty("killLoop.keep");
            if (keep != null) {
                try (var logs = java.nio.file.Files.newDirectoryStream(work, "server-*.log")) {
                    for (Path log : logs) {
                        java.nio.file.Files.copy(log, Path.of(keep, log.getFileName().toString()));
                    }
                }
            }
        }
        long acknowledged = writers.stream().mapToLong(w -> w.acknowledged).sum();
        long refused = writers.stream().mapToLong(w -> w.refused).sum();
        System.out.printf("kill loop (seed %d): %d kills, %d acknowledged writes (%d within 50 ms of a kill), "
                + "%d refused, %d resource states checked, %d lost; %d restarts needed the full-file recovery%n",
                seed, KILLS, acknowledged, nearKill, refused, checked[0], lost.size(), repaired);
        lost.forEach(System.out::println);
        assertThat(lost).as("acknowledged writes lost (seed " + seed + ")").isEmpty();
        assertThat(acknowledged).as("the load got going").isGreaterThan(KILLS * 5L);
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (var paths = java.nio.file.Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                java.nio.file.Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }

    /** Reads every user and group once the server is back, and checks each writer's registers. */
    private static void check(ElastiCacheClient ec, List<MixedWriter> writers, long[] checked, List<String> lost,
                              int afterKill) {
        Map<String, String> users = new HashMap<>();
        ec.describeUsersPaginator(r -> r.maxRecords(100)).users()
                .forEach(u -> users.put(u.userId(), u.accessString()));
        Map<String, Set<String>> groups = new HashMap<>();
        ec.describeUserGroupsPaginator(r -> r.maxRecords(100)).userGroups()
                .forEach(g -> groups.put(g.userGroupId(), effectiveMembers(g)));
        for (MixedWriter writer : writers) {
            writer.check(users, groups, checked).forEach(l -> lost.add("after kill " + afterKill + ": " + l));
        }
    }

    /** The members once a pending modification is applied: what the last ModifyUserGroup asked for. */
    private static Set<String> effectiveMembers(UserGroup group) {
        Set<String> members = new LinkedHashSet<>(group.userIds());
        if (group.pendingChanges() != null) {
            members.removeAll(group.pendingChanges().userIdsToRemove());
            members.addAll(group.pendingChanges().userIdsToAdd());
        }
        return Set.copyOf(members);
    }

    /** The real SDK with retries off: an answer is an acknowledgement, no answer leaves it unknown. */
    private static ElastiCacheClient client(URI endpoint) {
        return ElastiCacheClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(Cachewarden.DEFAULT_ACCESS_KEY_ID, Cachewarden.DEFAULT_SECRET_ACCESS_KEY)))
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(10)).build())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofSeconds(10)))
                .build();
    }
}
