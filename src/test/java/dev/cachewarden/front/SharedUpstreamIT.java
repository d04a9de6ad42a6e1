package dev.cachewarden.front;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.metrics.Metrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which node connection runs a client's commands when clients share ({@link SharedUpstream}), read
 * from the node's own CLIENT LIST (each connection's user and last command): clients of one user
 * share one for plain commands; a blocking command takes that one and the others go on on another;
 * clients of different users, or one that changed its connection's state, never share.
 */
class SharedUpstreamIT {
    @TempDir
    Path dir;
    NodeBehindFront node;
    int port;

    @BeforeEach
    void start() throws Exception {
        node = NodeBehindFront.oneLoop(dir, List.of(List.of("default", "off"),
                List.of("admin", "on", ">" + NodeAdmin.PASSWORD, "~*", "&*", "+@all"),
                List.of("alice", "on", ">alice-password-0001", "~*", "+@all"),
                List.of("bob", "on", ">bob-password-0001", "~bob:*", "+@all")));
        port = node.port;
    }

    @AfterEach
    void stop() throws Exception {
        node.close();
    }

    @Test
    void clientsOfOneUserSendPlainCommandsOnOneNodeConnection() throws Exception {
        double sharedBefore = Metrics.frontSharedCommandsTotal();
        try (RawClient a = alice(); RawClient b = alice()) {
            a.command("SET", "k", "from-a");
            assertThat(a.readLine()).isEqualTo("+OK");
            b.command("GET", "k");
            b.command("INCR", "counter");
            assertThat(b.read(2)).containsExactly("$6", "from-a", ":1");
            // Both clients' commands ran on one of alice's two node connections; the other's last is its AUTH.
            List<String> connections = nodeConnectionsOf("alice");
            assertThat(connections).hasSize(2);
            assertThat(connections).filteredOn(l -> l.contains(" cmd=incr ")).hasSize(1);
            assertThat(connections).filteredOn(l -> l.contains(" cmd=auth ")).hasSize(1);
        }
        assertThat(Metrics.frontSharedCommandsTotal() - sharedBefore).isEqualTo(3);
    }

    @Test
    void aBlockingCommandTakesTheSharedConnectionAndTheOthersGoOnOnAnother() throws Exception {
        try (RawClient a = alice(); RawClient b = alice()) {
            a.command("SET", "k", "v");
            b.command("GET", "k");
            assertThat(a.readLine()).isEqualTo("+OK");
            assertThat(b.read(1)).containsExactly("$1", "v");
            a.command("BLPOP", "empty-list", "3");
            await().atMost(Duration.ofSeconds(2)).until(() -> nodeConnectionsOf("alice").stream()
                    .anyMatch(l -> l.contains(" cmd=blpop ")));
            // b is not queued behind a's BLPOP: it is answered at once, on alice's other connection.
            b.command("GET", "k");
            assertThat(b.read(1)).containsExactly("$1", "v");
            long answered = System.nanoTime();
            assertThat(nodeConnectionsOf("alice")).filteredOn(l -> l.contains(" cmd=get ")).hasSize(1);
            assertThat(a.read(1)).containsExactly("*-1"); // the BLPOP timed out, on the connection it took
            // Queued behind the BLPOP, b's reply would have come with its timeout: a gap, not a clock
            // bound, so that a stalled machine widens it rather than failing it (~2.9 s here).
            assertThat(Duration.ofNanos(System.nanoTime() - answered)).isGreaterThan(Duration.ofMillis(1_500));
            a.command("GET", "k");
            assertThat(a.read(1)).containsExactly("$1", "v");
        }
    }

    @Test
    void clientsOfDifferentUsersOrThatChangedTheirConnectionDoNotShare() throws Exception {
        try (RawClient a = alice(); RawClient b = login("bob", "bob-password-0001"); RawClient c = alice()) {
            a.command("SET", "not-bobs", "x");
            assertThat(a.readLine()).isEqualTo("+OK");
            b.command("GET", "not-bobs");
            assertThat(b.readLine()).startsWith("-NOPERM");
            b.command("SET", "bob:k", "y");
            assertThat(b.readLine()).isEqualTo("+OK");
            c.command("SELECT", "1");
            c.command("SET", "not-bobs", "in-db-1");
            c.command("GET", "not-bobs");
            assertThat(c.read(3)).containsExactly("+OK", "+OK", "$7", "in-db-1");
            a.command("GET", "not-bobs");
            assertThat(a.read(1)).containsExactly("$1", "x");
            // c's commands ran on its own connection (db 1): alice's last commands are a's GET and c's GET.
            List<String> connections = nodeConnectionsOf("alice");
            assertThat(connections).filteredOn(l -> l.contains(" db=1 ") && l.contains(" cmd=get ")).hasSize(1);
            assertThat(connections).filteredOn(l -> l.contains(" db=0 ") && l.contains(" cmd=get ")).hasSize(1);
        }
    }

    /**
     * A reply goes to its client once the commands sent with it are answered, not held for a slow
     * command the client sent afterwards on the same shared connection (a node, reading them apart,
     * answers the first at once). 200 ms of script, then 3 s sent 100 ms later: the first reply comes
     * ~2.9 s before the second (held, it came with it).
     */
    @Test
    void aReplyIsNotHeldForASlowCommandSentAfterIt() throws Exception {
        String busy = "local s = redis.call('TIME') local t0 = s[1] * 1000000 + s[2] "
                + "while true do local n = redis.call('TIME') "
                + "if n[1] * 1000000 + n[2] - t0 > tonumber(ARGV[1]) then return ARGV[1] end end";
        try (RawClient a = alice(); RawClient b = alice()) {
            b.command("PING"); // two clients of alice: the sharing is in use
            assertThat(b.readLine()).isEqualTo("+PONG");
            a.command("EVAL", busy, "0", "200000");
            Thread.sleep(100);
            a.command("EVAL", busy, "0", "3000000");
            assertThat(a.read(1)).containsExactly("$6", "200000");
            long first = System.nanoTime();
            assertThat(a.read(1)).containsExactly("$7", "3000000");
            // Held for the slow script, the first reply would come with the second; a gap, not a clock
            // bound, so that a stalled machine makes it wider rather than failing it (~2.9 s here).
            assertThat(Duration.ofNanos(System.nanoTime() - first)).isGreaterThan(Duration.ofMillis(1_500));
        }
    }

    private RawClient alice() throws Exception {
        return login("alice", "alice-password-0001");
    }

    private RawClient login(String user, String password) throws Exception {
        RawClient c = new RawClient(port);
        c.command("AUTH", user, password);
        assertThat(c.readLine()).isEqualTo("+OK");
        return c;
    }

    /** The node's CLIENT LIST lines of {@code user}'s connections. */
    private List<String> nodeConnectionsOf(String user) throws Exception {
        return NodeAdmin.command(node.socket, "CLIENT", "LIST").lines().filter(l -> l.contains(" user=" + user + " "))
                .map(l -> l + " ").toList();
    }
}
