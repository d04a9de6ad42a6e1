package dev.cachewarden.engine.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that dies has its sockets closed by the kernel, so a watch connection to it reads end of
 * file at once, {@code kill -9} included: what the supervisor relies on instead of looking at every
 * node's /proc state five times a second. The "node" is a real process listening on a unix socket.
 */
class NodeExitsTest {
    /** Accepts one connection, says what its first command was, and waits to be killed. */
    private static final String NODE = """
            import socket, sys, time
            s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(8)
            print('listening', flush=True)
            c, _ = s.accept(); first = c.recv(4096).split(b'\\r\\n')
            print('got ' + first[2].decode() + ' ' + first[4].decode(), flush=True)
            time.sleep(60)
            """;

    @TempDir
    Path dir;

    @Test
    void aKilledNodeIsHeardAtOnce() throws Exception {
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        Node node = startNode(dir.resolve("n1.sock"));
        try (NodeExits exits = new NodeExits(AdminCredentials.of("secret"), heard::add)) {
            assertThat(exits.watch("n1", dir.resolve("n1.sock"))).isTrue();
            assertThat(node.nextLine()).as("the watch connection authenticates as the admin user")
                    .isEqualTo("got AUTH " + AdminCredentials.USER_NAME);
            assertThat(heard.poll(300, TimeUnit.MILLISECONDS)).as("nothing while the node lives").isNull();

            long killed = System.nanoTime();
            node.process().destroyForcibly(); // SIGKILL
            assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo("n1");
            assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofSeconds(1));
            assertThat(exits.watching("n1")).isFalse();
        } finally {
            node.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aNodeNoLongerWatchedIsNotReportedAndOneNotListeningCannotBeWatched() throws Exception {
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        Node node = startNode(dir.resolve("n2.sock"));
        try (NodeExits exits = new NodeExits(AdminCredentials.of("secret"), heard::add)) {
            assertThat(exits.watch("n2", dir.resolve("n2.sock"))).isTrue();
            node.nextLine();
            exits.unwatch("n2");
            node.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            assertThat(heard.poll(500, TimeUnit.MILLISECONDS)).isNull();

            assertThat(exits.watch("n3", dir.resolve("nobody.sock"))).isFalse();
            assertThat(exits.watching("n3")).isFalse();
        } finally {
            node.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private record Node(Process process, BufferedReader out) {
        String nextLine() throws Exception {
            return out.readLine();
        }
    }

    private static Node startNode(Path socket) throws Exception {
        Process process = new ProcessBuilder("python3", "-c", NODE, socket.toString()).start();
        Node node = new Node(process, new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)));
        assertThat(node.nextLine()).isEqualTo("listening");
        return node;
    }
}
