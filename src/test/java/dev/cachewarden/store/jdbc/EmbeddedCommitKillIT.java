package dev.cachewarden.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.domain.UserGroup;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: the embedded store, killed again and again under concurrent transactions that each write
 * two tables (a group row and its member rows), never reopens with a state no transaction committed
 * (a group without members, a member set half rewritten) nor without a commit it acknowledged. The
 * store runs in a child JVM ({@link CommitLoad}); each kill is followed by the store's own reopening
 * (crash recovery and all) in this JVM and a check of every group against the child's journals.
 *
 * <p>{@code -Dh2kill.rounds=N} sets the number of kills (default 25), {@code -Dh2kill.seed} the seed,
 * {@code -Dh2kill.keep=DIR} keeps the data dir as each kill left it.
 */
class EmbeddedCommitKillIT {
    private static final int THREADS = 6;

    @TempDir
    Path work;

    @Test
    void noKillLeavesATornOrLostCommit() throws Exception {
        int rounds = Integer.getInteger("h2kill.rounds", 25);
        long seed = Long.getLong("h2kill.seed", System.nanoTime());
        Random random = new Random(seed);
        Path data = work.resolve("data");
        Files.createDirectories(data);
        // As in ConcurrentKillLoopIT: H2 reuses dead chunks' space from the first round.
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + data.toAbsolutePath().resolve("cachewarden"),
                "sa", ""); Statement s = c.createStatement()) {
            s.execute("SET RETENTION_TIME 0");
        }
        Map<String, List<String>> settled = new HashMap<>();
        List<String> wrong = new ArrayList<>();
        long acknowledged = 0;
        for (int round = 1; round <= rounds; round++) {
            Path journals = Files.createDirectories(work.resolve("journals-" + round));
            Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                    "-cp", System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1",
                    CommitLoad.class.getName(), data.toString(), journals.toString(), String.valueOf(THREADS),
                    String.valueOf(random.nextInt(1_000_000)))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                String line;
                while ((line = out.readLine()) != null && !line.equals("open")) {
                    System.out.println("child: " + line);
                }
                assertThat(line).as("the child opened the store").isEqualTo("open");
                TimeUnit.MILLISECONDS.sleep(150 + random.nextInt(900));
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            }
            String keep = System.getProperty("h2kill.keep");
            if (keep != null) {
                Path to = Files.createDirectories(Path.of(keep, "after-kill-" + round));
                try (var files = Files.list(data)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Files.copy(f, to.resolve(f.getFileName()));
                    }
                }
            }
            Map<String, List<String>> found = new HashMap<>();
            try (JdbcStore store = JdbcStore.embedded(data)) {
                String after = null;
                while (true) {
                    String from = after;
                    List<UserGroup> page = store.readSnapshot(tx -> tx.userGroups().page(from, 500));
                    if (page.isEmpty()) {
                        break;
                    }
                    page.forEach(g -> found.put(g.userGroupId(), g.userIds()));
                    after = page.getLast().userGroupId();
                }
            }
            acknowledged += check(round, journals, settled, found, wrong);
            settled = found;
        }
        System.out.printf("embedded commit kill loop (seed %d): %d kills, %d acknowledged commits, %d wrong%n",
                seed, rounds, acknowledged, wrong.size());
        wrong.forEach(System.out::println);
        assertThat(wrong).as("states after the kills (seed " + seed + ")").isEmpty();
        assertThat(acknowledged).as("the load got going").isGreaterThan(rounds * 10L);
    }

    /** Compares what the store holds after a kill with what the journals allow; returns this round's acks. */
    private static long check(int round, Path journals, Map<String, List<String>> settled,
                              Map<String, List<String>> found, List<String> wrong) throws Exception {
        Map<String, List<String>> acked = new HashMap<>(settled);
        Map<String, List<String>> inFlight = new HashMap<>();
        long acks = 0;
        try (var files = Files.list(journals)) {
            for (Path journal : (Iterable<Path>) files::iterator) {
                String pendingGroup = null;
                List<String> pendingMembers = null;
                for (String line : Files.readAllLines(journal)) {
                    String[] parts = line.split(" ");
                    if (parts[0].equals("try") && parts.length == 3) {
                        pendingGroup = parts[1];
                        pendingMembers = List.of(parts[2].split(","));
                    } else if (parts[0].equals("ack") && parts.length == 2 && parts[1].equals(pendingGroup)) {
                        acked.put(pendingGroup, pendingMembers);
                        acks++;
                        pendingGroup = null;
                    }
                }
                if (pendingGroup != null) {
                    inFlight.put(pendingGroup, pendingMembers);
                }
            }
        }
        for (var e : found.entrySet()) {
            List<String> members = e.getValue();
            if (!members.equals(acked.get(e.getKey())) && !members.equals(inFlight.get(e.getKey()))) {
                wrong.add("after kill " + round + ": group " + e.getKey() + " has " + members + ", acknowledged "
                        + acked.get(e.getKey()) + (inFlight.containsKey(e.getKey())
                        ? ", in flight " + inFlight.get(e.getKey()) : ""));
            }
        }
        for (var e : acked.entrySet()) {
            if (!found.containsKey(e.getKey())) {
                wrong.add("after kill " + round + ": acknowledged group " + e.getKey() + " " + e.getValue() + " is gone");
            }
        }
        return acks;
    }
}
