package dev.cachewarden.front;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The front keeps a closed client's node connection for the next client (UpstreamPool): a real
 * redis-server, clients through the front, and the node's own CLIENT LIST read on its unix socket. The
 * next client must get the same node connection (same CLIENT ID: else nothing here is tested) and
 * nothing of the previous client: not its user, database, name or protocol; and a connection left
 * with a command in flight, a transaction open, tracking on or a library name set is not kept.
 */
class NodeConnectionReuseIT {
    @TempDir
    Path dir;
    NodeBehindFront node;
    int port;
    Path socket;

    @BeforeEach
    void start() throws Exception {
        // One event loop, so the next client lands where the kept connection is (a pool per loop).
        node = NodeBehindFront.oneLoop(dir, List.of(List.of("default", "on", "nopass", "~*", "+@all"),
                List.of("admin", "on", ">" + NodeAdmin.PASSWORD, "~*", "&*", "+@all"),
                List.of("alice", "on", ">alice-password-0001", "~*", "+@all")));
        port = node.port;
        socket = node.socket;
    }

    @AfterEach
    void stop() throws Exception {
        node.close();
    }

    @Test
    void theNextClientGetsTheConnectionResetNotThePreviousClientsState() throws Exception {
        String id;
        try (RawClient a = new RawClient(port)) {
            a.command("AUTH", "alice", "alice-password-0001");
            a.command("SELECT", "1");
            a.command("SET", "only-in-db-1", "secret");
            a.command("CLIENT", "SETNAME", "alices-connection");
            a.command("WATCH", "only-in-db-1");
            a.command("CLIENT", "ID");
            List<String> replies = a.read(6);
            assertThat(replies.subList(0, 5)).containsExactly("+OK", "+OK", "+OK", "+OK", "+OK");
            id = replies.get(5);
            assertThat(id).startsWith(":");
            a.command("HELLO", "3");
            assertThat(a.read(1)).containsExactly("%7"); // a RESP3 map of 7 pairs
            assertThat(a.read(14)).contains("proto", ":3");
        }
        awaitReset(id);
        try (RawClient b = new RawClient(port)) {
            b.command("CLIENT", "ID");
            b.command("ACL", "WHOAMI");
            b.command("CLIENT", "GETNAME");
            b.command("GET", "only-in-db-1");
            b.command("DBSIZE");
            // RESP2 again: a null bulk is $-1 (RESP3's would be _); db 0 holds nothing.
            assertThat(b.read(5)).containsExactly(id, "$7", "default", "$-1", "$-1", ":0");
        }
    }

    @Test
    void aUserItsClientLeftIsNotTheNextClients() throws Exception {
        String id;
        try (RawClient a = new RawClient(port)) {
            a.command("AUTH", "admin", "admin-password-0001");
            a.command("ACL", "SETUSER", "default", "off"); // a new connection now starts unauthenticated
            a.command("CLIENT", "ID");
            List<String> replies = a.read(3);
            assertThat(replies.subList(0, 2)).containsExactly("+OK", "+OK");
            id = replies.get(2);
        }
        awaitReset(id);
        try (RawClient b = new RawClient(port)) {
            b.command("ACL", "WHOAMI");
            assertThat(b.readLine()).startsWith("-NOAUTH");
            b.command("AUTH", "alice", "alice-password-0001");
            b.command("CLIENT", "ID");
            b.command("ACL", "WHOAMI");
            assertThat(b.read(3)).containsExactly("+OK", id, "$5", "alice");
        }
    }

    @Test
    void aConnectionWithACommandInFlightATransactionTrackingOrALibraryNameIsNotKept() throws Exception {
        // CLIENT SETINFO: RESET keeps a connection's lib-name and lib-ver (Valkey 8: "lib-name=" of the old
        // client after RESET), so the next client would be shown another's library. redis 7.0 has no
        // SETINFO and answers an error: the front's rule is on the command, whatever the node answers.
        for (List<String> leftBehind : List.of(List.of("BLPOP", "nothing-here", "0"), List.of("MULTI"),
                List.of("CLIENT", "TRACKING", "on"), List.of("CLIENT", "SETINFO", "LIB-NAME", "leaky"))) {
            String id;
            try (RawClient a = new RawClient(port)) {
                a.command("CLIENT", "ID");
                id = a.readLine();
                a.command(leftBehind.toArray(String[]::new));
                if (leftBehind.contains("SETINFO")) {
                    assertThat(a.readLine()).matches("\\+OK|-ERR.*");
                } else if (!leftBehind.get(0).equals("BLPOP")) {
                    assertThat(a.readLine()).isEqualTo("+OK");
                }
            }
            String gone = id.substring(1);
            // Within 3 s: a kept connection would stay listed for at least the pool's 5 s.
            await().atMost(Duration.ofSeconds(3)).until(() -> !node("CLIENT", "LIST").contains("id=" + gone + " "));
            try (RawClient b = new RawClient(port)) {
                b.command("CLIENT", "ID");
                assertThat(b.readLine()).as("after %s", leftBehind).isNotEqualTo(id);
            }
        }
    }

    /** Waits until the node ran RESET on connection {@code id} (":n") and the front read its answer. */
    private void awaitReset(String id) {
        String n = id.substring(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> node("CLIENT", "LIST").lines()
                .anyMatch(l -> l.startsWith("id=" + n + " ") && l.contains("cmd=reset")));
        try {
            Thread.sleep(100); // the +RESET on its way back to the front
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String node(String... args) throws IOException {
        return NodeAdmin.command(socket, args);
    }
}
