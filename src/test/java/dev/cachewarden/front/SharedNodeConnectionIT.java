package dev.cachewarden.front;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many client connections through the front as the same user on the same node, all on one event loop:
 * the front may write their commands on one node connection (shared node connections) or give each its
 * own. Either way every client must get exactly its own replies, in order, run as its own user in its own
 * database, and no client may wait on another's blocking command or break when another closes. Each
 * client keeps a model of what its own commands left on the node (keys unique to it), so every reply is
 * known in advance and compared exactly. States behaviour, not mechanism: it passes without sharing too.
 */
class SharedNodeConnectionIT {
    private static final Map<String, String> PASSWORDS = Map.of("alice", "alice-password-0001",
            "bob", "bob-password-0001", "admin", "admin-password-0001");
    @TempDir
    Path dir;
    NodeBehindFront node;
    int port;
    final ExecutorService pool = Executors.newCachedThreadPool();
    final Queue<RawClient> opened = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void start() throws Exception {
        // One event loop: every client lands where the others are, which is where sharing happens.
        node = NodeBehindFront.oneLoop(dir, List.of(List.of("default", "on", "nopass", "~*", "+@all"),
                List.of("admin", "on", ">" + PASSWORDS.get("admin"), "~*", "&*", "+@all"),
                List.of("alice", "on", ">" + PASSWORDS.get("alice"), "~*", "+@all"),
                // bob may touch only bob:* keys: a command of his run as alice, or alice's as his, shows.
                List.of("bob", "on", ">" + PASSWORDS.get("bob"), "~bob:*", "+@all")));
        port = node.port;
        assertThat(node("SET", "outside", "o")).isEqualTo("+OK"); // alice reads it, bob is refused
    }

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        for (RawClient c : opened) {
            c.close();
        }
        pool.awaitTermination(10, TimeUnit.SECONDS);
        node.close();
    }

    @Test
    void manyPipelinedClientsEachGetExactlyTheirOwnRepliesInOrder() throws Exception {
        Hammers users = new Hammers(20, 200, "alice", "bob");
        Hammers defaults = new Hammers(4, 200, "default"); // never AUTH: should sharing start only for the default user
        users.stop();
        defaults.stop();
        System.out.println("node connections for 24 clients: " + (node("CLIENT", "LIST").lines().count() - 1));
    }

    @Test
    void clientsThatLeaveTheDefaultStateKeepTheirOwnStateAndOthersGoOn() throws Exception {
        Hammers others = new Hammers(16, 0, "alice", "bob");
        Queue<long[]> blpops = new ConcurrentLinkedQueue<>(); // {0 alice / 1 bob, sent, answered}
        List<Future<?>> movers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Conn c = new Conn(i % 2 == 0 ? "alice" : "bob", 100 + i);
            Conn probe = new Conn(c.user, 200 + i); // same user, default state: on the shared connection if any
            movers.add(async(() -> {
                for (int r = 1; r <= 70; r++) {
                    c.round(false);
                    if (r % 5 == 0) {
                        leaveAndComeBack(c, probe, r / 5 % 7, blpops);
                        probe.round(false);
                    }
                }
            }));
        }
        join(movers);
        others.stop();
        assertThat(blpops).hasSize(12);
        for (long[] b : blpops) {
            String user = b[0] == 0 ? "alice" : "bob";
            assertThat(others.times.get(user)).as("a round of %s begun and finished while a BLPOP of %s blocked",
                    user, user).anyMatch(t -> t[0] >= b[1] && t[1] <= b[2]);
        }
    }

    /** One of the commands that take a connection out of the default state, checked; plain rounds follow. */
    private void leaveAndComeBack(Conn c, Conn probe, int which, Queue<long[]> blpops) throws Exception {
        String other = c.user.equals("alice") ? "bob" : "alice";
        String s0 = c.prefix + "s0";
        switch (which) {
            case 0 -> { // AUTH as the other and back: permissions follow at once, even inside one pipeline
                c.add(outside(c.user), "GET", "outside").add("+OK", "AUTH", other, PASSWORDS.get(other));
                c.add(outside(other), "GET", "outside");
                c.add(other.equals("bob") ? "-NOPERM*" : bulk(c.strings.get(s0)), "GET", s0);
                c.add("+OK", "AUTH", c.user, PASSWORDS.get(c.user)).add(outside(c.user), "GET", "outside").flush(false);
            }
            case 1 -> {
                // 0.5 s: long enough that other clients complete rounds within it even on a loaded machine.
                c.add("nil", "BLPOP", c.prefix + "empty", "0.5");
                long sent = System.nanoTime();
                c.flush(false);
                long answered = System.nanoTime();
                assertThat(Duration.ofNanos(answered - sent)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
                blpops.add(new long[] {c.user.equals("alice") ? 0 : 1, sent, answered});
            }
            case 2 -> {
                c.add(":0", "WAIT", "0", "0");
                c.add("+OK", "MULTI").add("+QUEUED", "INCR", c.prefix + "c0");
                c.add("[:" + c.incr(c.prefix + "c0") + "]", "EXEC");
                c.add(c.named ? bulk(c.prefix + "name") : "nil", "CLIENT", "GETNAME"); // its name stays its own
                c.flush(false);
            }
            case 3 -> {
                c.c.send(encode(List.<String[]>of(new String[] {"KEYS", c.prefix + "*"})));
                String got = c.c.readReply();
                List<String> keys = new ArrayList<>(c.strings.keySet().stream().map(k -> bulk(k)).toList());
                if (!c.hash.isEmpty()) {
                    keys.add(bulk(c.prefix + "h"));
                }
                assertThat(got.substring(1, got.length() - 1).split(", ")).as("KEYS of %s: %s", c.prefix, got)
                        .containsExactlyInAnyOrderElementsOf(keys);
            }
            case 4 -> { // db 1, where its db 0 keys are not; others sharing db 0 must not see the db 1 key
                String k = c.prefix + "db1";
                String tok = c.prefix + "in-db-1." + System.nanoTime();
                c.add("+OK", "SELECT", "1").add("+OK", "SET", k, tok).add(bulk(tok), "GET", k).add("nil", "GET", s0);
                c.flush(false);
                probe.add(":0", "EXISTS", k).flush(false);
                c.add("+OK", "SELECT", "0").add(":0", "EXISTS", k).add(bulk(c.strings.get(s0)), "GET", s0).flush(false);
            }
            case 5 -> {
                c.add("+OK", "CLIENT", "SETNAME", c.prefix + "name");
                c.add(bulk(c.prefix + "name"), "CLIENT", "GETNAME").flush(false);
                c.named = true;
            }
            default -> c.round(true); // the last command split across two writes
        }
    }

    @Test
    void aBlockingCommandDoesNotStallOtherClientsOfTheSameUser() throws Exception {
        Conn blocked = new Conn("alice", 100);
        Hammers others = new Hammers(4, 0, "alice");
        String list = blocked.prefix + "list";
        blocked.c.send(encode(List.<String[]>of(new String[] {"BLPOP", list, "5"})));
        // Blocked on the node (flags b; U is the unix socket) before the others' rounds count.
        await().atMost(Duration.ofSeconds(10)).until(() -> node("CLIENT", "LIST").lines()
                .anyMatch(l -> l.matches(".* flags=[a-zA-Z]*b[a-zA-Z]* .* cmd=blpop .*")));
        long since = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).until(() -> others.times.get("alice").stream()
                .filter(t -> t[0] > since).count() >= 40);
        // A client stuck behind the BLPOP would wait up to its 5 s.
        assertThat(others.times.get("alice")).as("round trips of alice's other clients")
                .allMatch(t -> t[1] - t[0] < TimeUnit.SECONDS.toNanos(2));
        assertThat(blocked.c.in.available()).as("the BLPOP answered before anything was pushed").isZero();
        new Conn("alice", 101).add(":1", "RPUSH", list, "pushed-value").flush(false);
        assertThat(blocked.c.readReply()).isEqualTo("[" + bulk(list) + ", " + bulk("pushed-value") + "]");
        blocked.round(false);
        others.stop();
    }

    @Test
    void aClientClosingWithRepliesInFlightBreaksNoOtherClient() throws Exception {
        Hammers others = new Hammers(3, 0, "alice");
        for (int i = 0; i < 20; i++) {
            Conn closer = new Conn("alice", 100 + i);
            String key = closer.prefix + "k";
            String value = "closer-value-" + i + "-" + "x".repeat(1000); // ~2 MB in flight; no other client's
            closer.add("+OK", "SET", key, value).flush(false);
            closer.c.send(encode(Collections.nCopies(2000, new String[] {"GET", key})));
            if (i % 2 == 1) {
                assertThat(closer.c.readReply()).isEqualTo(bulk(value)); // then closes mid-stream
            }
            closer.c.close();
        }
        others.stop();
    }

    @Test
    void aFailedAuthKeepsTheUserTheConnectionHad() throws Exception {
        Hammers others = new Hammers(4, 0, "alice", "bob");
        for (int i = 0; i < 10; i++) {
            Conn c = new Conn("alice", 100 + i);
            c.round(false);
            c.add("-WRONGPASS*", "AUTH", "bob", "wrong-password");
            c.add(outside("alice"), "GET", "outside"); // not bob's key: only alice may read it
            c.add(bulk("alice"), "ACL", "WHOAMI").flush(false);
            c.round(false);
        }
        others.stop();
    }

    @Test
    void whenTheNodeKillsAUsersConnectionsItsClientsAreClosedAndOthersGoOn() throws Exception {
        Hammers bobs = new Hammers(3, 0, "bob");
        List<Conn> idle = new ArrayList<>();
        for (int i = 10; i < 14; i++) {
            idle.add(new Conn("alice", i));
            idle.getLast().round(false);
        }
        Hammers busy = new Hammers(3, 0, "alice"); // mid-pipeline when the kill comes
        await().atMost(Duration.ofSeconds(10)).until(() -> busy.times.get("alice").size() >= 15);
        // What ElastiCache's user removal and a node's CLIENT KILL do: every connection of alice's goes.
        assertThat(node("CLIENT", "KILL", "USER", "alice")).matches(":[1-9][0-9]*");
        for (Conn c : idle) {
            // Closed; at most an error first (a shared node connection's clients may be told why).
            assertThat(c.c.readUntilClosed(Duration.ofSeconds(5))).as("what %s read", c.prefix)
                    .allMatch(l -> l.startsWith("-"));
        }
        for (Future<?> f : busy.runs) { // closed within 5 s, what came before it right (a wrong reply fails)
            assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(IOException.class);
        }
        new Conn("alice", 30).round(false); // the user is still there: a new connection works
        assertThat(bobs.runs).as("bob's clients still going").noneMatch(Future::isDone);
        bobs.stop();
    }

    private interface Body {
        void run() throws Exception;
    }

    private Future<?> async(Body body) {
        return pool.submit(() -> {
            body.run();
            return null;
        });
    }

    /** Waits for every task (60 s in all), failing with the first failure to happen (not the first task's). */
    private static void join(List<? extends Future<?>> tasks) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            boolean all = true;
            for (Future<?> t : tasks) {
                try {
                    if (t.isDone()) {
                        t.get();
                    } else {
                        all = false;
                    }
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error err) {
                        throw err; // the assertion's own message, not a wrapper's
                    }
                    throw e;
                }
            }
            if (all) {
                return;
            }
            assertThat(System.nanoTime()).as("tasks still running after 60 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /**
     * Clients doing {@code rounds} rounds each, or (0) rounds until {@link #stop}, users taken in turn; each
     * round's start and end (System.nanoTime) noted per user. After a failure, closing the sockets ends them.
     */
    private final class Hammers {
        final AtomicBoolean done = new AtomicBoolean();
        final List<Future<?>> runs = new ArrayList<>();
        final Map<String, Queue<long[]>> times = new ConcurrentHashMap<>();

        Hammers(int n, int rounds, String... users) throws Exception {
            for (int i = 0; i < n; i++) {
                Conn c = new Conn(users[i % users.length], i);
                Queue<long[]> mine = times.computeIfAbsent(c.user, u -> new ConcurrentLinkedQueue<>());
                runs.add(async(() -> {
                    do {
                        long t0 = System.nanoTime();
                        c.round(false);
                        mine.add(new long[] {t0, System.nanoTime()});
                    } while (rounds == 0 ? !done.get() : c.rounds < rounds);
                }));
            }
        }

        void stop() throws Exception {
            done.set(true);
            join(runs);
        }
    }

    /**
     * A client connection through the front and what its own commands left on the node (keys under
     * its own prefix), so that every reply it must get is known before it is read.
     */
    private final class Conn {
        final RawClient c;
        final String user;
        final String prefix;
        final Random random;
        final Map<String, String> strings = new HashMap<>();
        final Map<String, String> hash = new HashMap<>();
        final List<String[]> commands = new ArrayList<>();
        final List<String> expected = new ArrayList<>();
        volatile int rounds;
        boolean named;

        Conn(String user, int n) throws IOException, InterruptedException {
            this.user = user;
            prefix = (user.equals("bob") ? "bob:" : user + ":") + n + ":";
            random = new Random(n * 31L + user.hashCode());
            c = new RawClient(port);
            opened.add(c);
            if (PASSWORDS.containsKey(user)) {
                add("+OK", "AUTH", user, PASSWORDS.get(user)).flush(false);
            }
        }

        /** 8 to 16 commands of its own in one write (plus, every tenth round, one on a key bob may not touch). */
        void round(boolean split) throws IOException, InterruptedException {
            int n = 8 + random.nextInt(9);
            for (int i = 0; i < n; i++) {
                String tok = prefix + rounds + "." + i; // no other client's reply can carry it
                String s = prefix + "s" + random.nextInt(3);
                String counter = prefix + "c" + random.nextInt(2);
                String field = "f" + random.nextInt(3);
                switch (random.nextInt(11)) {
                    case 0 -> add("+OK", "SET", s, tok).strings.put(s, tok);
                    case 1 -> add(bulk(strings.get(s)), "GET", s);
                    case 2 -> add(":" + incr(counter), "INCR", counter);
                    case 3 -> add(":" + strings.merge(s, tok, String::concat).length(), "APPEND", s, tok);
                    case 4 -> add("[" + bulk(strings.get(s)) + ", " + bulk(strings.get(counter)) + ", nil]",
                            "MGET", s, counter, prefix + "never");
                    case 5 -> add(":" + (strings.remove(s) == null ? 0 : 1), "DEL", s);
                    case 6 -> add(":" + (hash.put(field, tok) == null ? 1 : 0), "HSET", prefix + "h", field, tok);
                    case 7 -> add(bulk(hash.get(field)), "HGET", prefix + "h", field);
                    case 8 -> add(":" + ((strings.containsKey(s) ? 1 : 0) + (strings.containsKey(counter) ? 1 : 0)
                            + (hash.isEmpty() ? 0 : 1)), "EXISTS", s, counter, prefix + "h");
                    case 9 -> add("+PONG", "PING");
                    default -> add(bulk(tok), "ECHO", tok);
                }
            }
            if (rounds % 10 == 0) {
                add(outside(user), "GET", "outside");
            }
            flush(split);
            rounds++;
        }

        /** The counter at {@code key} after an INCR. */
        String incr(String key) {
            return strings.merge(key, "1", (v, one) -> Long.toString(Long.parseLong(v) + 1));
        }

        Conn add(String reply, String... command) {
            expected.add(reply);
            commands.add(command);
            return this;
        }

        /**
         * Sends what was added in one write, or split inside the last command with a pause between (a
         * command that arrives in two reads), and checks each reply in order: "-X*" stands for an error
         * starting with "-X".
         */
        void flush(boolean split) throws IOException, InterruptedException {
            byte[] all = encode(commands);
            if (split) {
                int cut = all.length - encode(List.<String[]>of(commands.getLast())).length / 2;
                c.send(Arrays.copyOf(all, cut));
                Thread.sleep(30);
                c.send(Arrays.copyOfRange(all, cut, all.length));
            } else {
                c.send(all);
            }
            for (int i = 0; i < expected.size(); i++) {
                String want = expected.get(i);
                String got = c.readReply();
                boolean ok = want.endsWith("*") ? got.startsWith(want.substring(0, want.length() - 1))
                        : got.equals(want);
                if (!ok) {
                    throw new AssertionError(prefix + " (" + user + ") round " + rounds + ": " + String.join(" ",
                            commands.get(i)) + " answered " + got.substring(0, Math.min(got.length(), 200))
                            + ", expected " + want);
                }
            }
            commands.clear();
            expected.clear();
        }
    }

    /** What GET outside answers {@code user}: bob may touch only bob:* keys. */
    private static String outside(String user) {
        return user.equals("bob") ? "-NOPERM*" : bulk("o");
    }

    private static String bulk(String s) {
        return s == null ? "nil" : '"' + s + '"';
    }

    private static byte[] encode(List<String[]> commands) {
        StringBuilder b = new StringBuilder();
        for (String[] args : commands) {
            b.append('*').append(args.length).append("\r\n");
            for (String a : args) {
                b.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
            }
        }
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** One command on the node's own unix socket as the admin: a bulk's content, else the reply line. */
    private String node(String... args) throws IOException {
        return NodeAdmin.command(node.socket, args);
    }
}
