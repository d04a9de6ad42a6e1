package dev.cachewarden.front;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.engine.node.Ports;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The front against a real redis-server on a unix socket, with raw sockets as clients: what passes
 * through, what the front answers itself (protocol errors, as Redis words them), stalled and
 * oversized commands, a thousand connections at once, and the mechanics of substituted AUTHs
 * (the node secret sent instead, expiry, renewal, closing a user's connections, MULTI).
 */
class FrontProtocolIT {
    private static final String ADMIN_PW = "admin-password-for-the-front-test";
    private static final String IAM_SECRET = "derived-node-secret-of-iam-user";

    @TempDir
    static Path dir;
    static Process redis;
    static FrontServer front;
    static int port;
    /** What the test authenticator decides for user "iam"; other users pass through. */
    static final AtomicReference<ConnectionAuthenticator.Decision> iamDecision = new AtomicReference<>();

    @BeforeAll
    static void start() throws Exception {
        Path socket = dir.resolve("redis.sock");
        redis = new ProcessBuilder("/usr/bin/redis-server", "--port", "0", "--unixsocket", socket.toString(),
                "--unixsocketperm", "700", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                // A short accept queue: a thousand connections at once overflow it, and the front must wait
                // for room (a full queue refuses a unix socket's connect at once) instead of dropping clients.
                "--tcp-backlog", "8",
                "--user", "admin", "on", ">" + ADMIN_PW, "~*", "&*", "+@all",
                "--user", "iam", "on", ">" + IAM_SECRET, "~*", "+@all",
                "--user", "default", "on", "nopass", "~*", "+@all")
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(socket));
        ConnectionAuthenticator authenticator = (target, user, password) -> {
            if (user.equals("iam")) {
                ConnectionAuthenticator.Decision d = iamDecision.get();
                return password.equals("good-token") ? d : new ConnectionAuthenticator.Decision.Refused("bad token");
            }
            return new ConnectionAuthenticator.Decision.PassThrough();
        };
        front = new FrontServer(authenticator, new FrontLimits(Duration.ofMillis(700), 1024 * 1024));
        port = Ports.free(List.of());
        front.serve(new FrontEndpoint(new FrontTarget("c1", false, EndpointKind.NODE, "c1-001"), port, null, null,
                UnixDomainSocketAddress.of(socket)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (front != null) {
            front.close();
        }
        if (redis != null) {
            redis.destroy();
            redis.waitFor();
        }
    }

    @Test
    void commandsAndPipelinesPassThrough() throws Exception {
        try (Client c = new Client()) {
            c.send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\nPING\r\n\r\n");
            assertThat(c.read(3)).containsExactly("+OK", "$5", "hello", "+PONG");
            c.send("AUTH admin " + ADMIN_PW + "\r\n*2\r\n$3\r\nACL\r\n$6\r\nWHOAMI\r\n");
            assertThat(c.read(2)).containsExactly("+OK", "$5", "admin");
            c.send("AUTH admin wrong\r\n");
            assertThat(c.readLine()).startsWith("-WRONGPASS");
        }
    }

    @Test
    void protocolErrorsAreAnsweredAsRedisAnswersThemAfterEarlierReplies() throws Exception {
        assertThat(errorFor("*1\r\n$4\r\nPING\r\n*x\r\n")).containsExactly("+PONG", "-ERR Protocol error: invalid multibulk length");
        assertThat(errorFor("*1\r\nPING\r\n")).containsExactly("-ERR Protocol error: expected '$', got 'P'");
        assertThat(errorFor("*1\r\n$2000000\r\n")).containsExactly("-ERR Protocol error: invalid bulk length");
        assertThat(errorFor("*1\r\n$-5\r\n")).containsExactly("-ERR Protocol error: invalid bulk length");
        assertThat(errorFor("SET \"unbalanced\r\n")).containsExactly("-ERR Protocol error: unbalanced quotes in request");
        assertThat(errorFor("*" + "1".repeat(70_000))).containsExactly("-ERR Protocol error: too big mbulk count string");
        assertThat(errorFor("x".repeat(70_000))).containsExactly("-ERR Protocol error: too big inline request");
        assertThat(front.serving(port)).isTrue();
    }

    private static List<String> errorFor(String input) throws Exception {
        try (Client c = new Client()) {
            c.send(input);
            List<String> lines = c.readUntilClosed();
            return lines;
        }
    }

    @Test
    void aBigValueStreamsThroughAndAClientStalledMidCommandIsClosed() throws Exception {
        try (Client c = new Client()) {
            int size = 900 * 1024; // under the test's 1 MB limit, far over what the front would hold
            c.send("*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$" + size + "\r\n");
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'v');
            for (int sent = 0; sent < size; sent += chunk.length) {
                c.out.write(chunk, 0, Math.min(chunk.length, size - sent));
            }
            c.send("\r\n*2\r\n$6\r\nSTRLEN\r\n$3\r\nbig\r\n");
            assertThat(c.read(2)).containsExactly("+OK", ":" + size);
        }
        try (Client c = new Client()) {
            c.send("*2\r\n$4\r\nECHO\r\n$10\r\nhal");
            long started = System.nanoTime();
            assertThat(c.readUntilClosed()).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
        try (Client c = new Client()) {
            // Idle between commands is not a stall (the node's timeout is 0).
            Thread.sleep(1_200);
            c.send("PING\r\n");
            assertThat(c.readLine()).isEqualTo("+PONG");
        }
    }

    @Test
    void aThousandConnectionsAtOnce() throws Exception {
        List<Client> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                clients.add(new Client());
            }
            for (Client c : clients) {
                c.send("PING\r\n");
            }
            for (Client c : clients) {
                assertThat(c.readLine()).isEqualTo("+PONG");
            }
            assertThat(front.connections(port)).isGreaterThanOrEqualTo(1000);
        } finally {
            for (Client c : clients) {
                c.close();
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> front.connections(port) == 0);
        try (Client c = new Client()) {
            c.send("PING\r\n");
            assertThat(c.readLine()).isEqualTo("+PONG");
        }
    }

    @Test
    void aSubstitutedAuthSendsTheNodeSecretAndTheConnectionClosesWhenItExpires() throws Exception {
        iamDecision.set(new ConnectionAuthenticator.Decision.Substitute("iam", IAM_SECRET, Instant.now().plusMillis(1_500)));
        try (Client c = new Client()) {
            c.send("AUTH iam good-token\r\nACL WHOAMI\r\n");
            assertThat(c.read(2)).containsExactly("+OK", "$3", "iam");
            // Renewed by a second AUTH before the first expiry.
            Thread.sleep(800);
            iamDecision.set(new ConnectionAuthenticator.Decision.Substitute("iam", IAM_SECRET, Instant.now().plusMillis(1_500)));
            c.send("HELLO 2 AUTH iam good-token\r\n");
            assertThat(c.readLine()).startsWith("*");
            c.drain();
            Thread.sleep(1_000);
            c.send("PING\r\n");
            assertThat(c.readLine()).as("still open: renewed").isEqualTo("+PONG");
            assertThat(c.readUntilClosed(Duration.ofSeconds(3))).as("closed at the renewed expiry").isEmpty();
        }
    }

    @Test
    void refusalsAnswerWrongpassAndMultiRefusesSubstitution() throws Exception {
        iamDecision.set(new ConnectionAuthenticator.Decision.Substitute("iam", IAM_SECRET, Instant.now().plusSeconds(60)));
        try (Client c = new Client()) {
            c.send("AUTH iam bad-token\r\nACL WHOAMI\r\n");
            assertThat(c.readLine()).isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.");
            assertThat(c.read(1)).containsExactly("$7", "default");
            c.send("MULTI\r\nAUTH iam good-token\r\nEXEC\r\n");
            assertThat(c.read(3)).containsExactly("+OK", "+QUEUED", "*1",
                    "-WRONGPASS invalid username-password pair or user is disabled.");
        }
    }

    @Test
    void closeConnectionsClosesOnlyThatUsersSubstitutedConnections() throws Exception {
        iamDecision.set(new ConnectionAuthenticator.Decision.Substitute("iam", IAM_SECRET, Instant.now().plusSeconds(60)));
        try (Client iam = new Client(); Client admin = new Client()) {
            iam.send("AUTH iam good-token\r\n");
            assertThat(iam.readLine()).isEqualTo("+OK");
            admin.send("AUTH admin " + ADMIN_PW + "\r\n");
            assertThat(admin.readLine()).isEqualTo("+OK");
            assertThat(front.closeConnections("other-cache", "iam")).isZero();
            assertThat(front.closeConnections("c1", "iam")).isEqualTo(1);
            assertThat(iam.readUntilClosed()).isEmpty();
            admin.send("PING\r\n");
            assertThat(admin.readLine()).isEqualTo("+PONG");
        }
    }

    /** A raw RESP client on the front's port. */
    static final class Client implements AutoCloseable {
        final Socket socket;
        final OutputStream out;
        final InputStream in;

        Client() throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(5_000);
            out = socket.getOutputStream();
            in = socket.getInputStream();
        }

        void send(String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("closed");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }

        /** The lines of {@code replies} replies of simple types, bulk strings and flat arrays. */
        List<String> read(int replies) throws IOException {
            List<String> lines = new ArrayList<>();
            int left = replies;
            while (left-- > 0) {
                String line = readLine();
                lines.add(line);
                if (line.startsWith("$") && !line.equals("$-1")) {
                    lines.add(readLine());
                } else if (line.startsWith("*")) {
                    left += Integer.parseInt(line.substring(1));
                }
            }
            return lines;
        }

        void drain() throws IOException {
            socket.setSoTimeout(300);
            try {
                while (in.read() >= 0) {
                    // skip
                }
            } catch (SocketTimeoutException done) {
                // nothing more
            } finally {
                socket.setSoTimeout(5_000);
            }
        }

        List<String> readUntilClosed() throws IOException {
            return readUntilClosed(Duration.ofSeconds(5));
        }

        /** The lines that came before the front closed the connection; fails if it stays open. */
        List<String> readUntilClosed(Duration within) throws IOException {
            socket.setSoTimeout((int) within.toMillis());
            List<String> lines = new ArrayList<>();
            while (true) {
                try {
                    lines.add(readLine());
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("the front did not close the connection; read " + lines);
                } catch (IOException closed) {
                    return lines;
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
