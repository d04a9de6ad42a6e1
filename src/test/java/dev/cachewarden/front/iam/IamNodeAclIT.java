package dev.cachewarden.front.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.engine.AclApplier;
import dev.cachewarden.engine.AclUser;
import dev.cachewarden.engine.node.AdminCredentials;
import dev.cachewarden.engine.IamSecrets;
import dev.cachewarden.engine.node.NodeAddress;
import dev.cachewarden.engine.NodeConnector;
import dev.cachewarden.domain.PasswordHash;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An IAM user's ACL on a real redis-server: its one password is the hash of the derived node secret;
 * the drift check accepts it; a change of authentication mode closes the connections opened the old
 * way (also when the applier has no memory of the node, as after a restart or on another instance);
 * a password change keeps them, and a deleted user loses them, as on ElastiCache.
 */
class IamNodeAclIT {
    private static final String ADMIN = "admin-password-for-the-test";
    private static final List<String> ALL = List.of("on", "~*", "&*", "+@all");

    @TempDir
    Path dir;
    private Process redis;
    private final IamSecrets secrets = IamSecrets.of(AdminCredentials.of(ADMIN));

    @AfterEach
    void stop() throws InterruptedException {
        if (redis != null && redis.isAlive()) {
            redis.destroy(); // SIGTERM to this process by its PID
            redis.waitFor();
        }
    }

    static AclUser password(String... passwords) {
        return new AclUser("alice", true, java.util.Arrays.stream(passwords).map(p -> PasswordHash.of(p).sha256Hex())
                .toList(), false, ALL);
    }

    static AclUser iam() {
        return new AclUser("alice", true, List.of(), false, ALL, AclUser.Mode.IAM);
    }

    static AclUser noPassword() {
        return new AclUser("alice", true, List.of(), true, ALL);
    }

    @Test
    void modeSwitchesCloseTheOldWaysConnections() throws Exception {
        int port = freePort();
        start(port);
        NodeAddress node = new NodeAddress("node-1", "127.0.0.1", port, false);
        try (NodeConnector connector = new NodeConnector(AdminCredentials.of(ADMIN), dir.resolve("unused-ca.crt"))) {
            AclApplier applier = new AclApplier(connector, secrets);
            applier.apply(node, List.of(AclUser.disabledDefault(), password("first-password-0001")));
            try (Resp byPassword = Resp.open(port)) {
                assertThat(byPassword.call("AUTH", "alice", "first-password-0001")).isEqualTo("+OK");

                applier.apply(node, List.of(AclUser.disabledDefault(), password("second-password-001")));
                assertThat(byPassword.call("PING")).as("a password change keeps connections").isEqualTo("+PONG");

                applier.apply(node, List.of(AclUser.disabledDefault(), iam()));
                assertThat(byPassword.closed()).as("password -> iam closes the password connection").isTrue();
            }
            try (Resp old = Resp.open(port); Resp byIam = Resp.open(port)) {
                assertThat(old.call("AUTH", "alice", "second-password-001")).startsWith("-WRONGPASS");
                assertThat(byIam.call("AUTH", "alice", secrets.nodeSecret("alice"))).isEqualTo("+OK");
                assertThat(acl(port)).contains("#" + secrets.nodeSecretHash("alice").sha256Hex()).doesNotContain("nopass");

                assertThat(applier.reconcile(node, List.of(AclUser.disabledDefault(), iam())))
                        .as("the drift check accepts the derived secret").isEmpty();
                // Another applier with no memory of the node (a restart, another instance): same mode, kept.
                new AclApplier(connector, secrets).apply(node, List.of(AclUser.disabledDefault(), iam()));
                assertThat(byIam.call("PING")).isEqualTo("+PONG");

                new AclApplier(connector, secrets).apply(node, List.of(AclUser.disabledDefault(), noPassword()));
                assertThat(byIam.closed()).as("iam -> no-password closes the IAM connection").isTrue();
            }
            try (Resp byNoPassword = Resp.open(port)) {
                assertThat(byNoPassword.call("AUTH", "alice", "anything")).isEqualTo("+OK");
                applier.apply(node, List.of(AclUser.disabledDefault(), iam()));
                assertThat(byNoPassword.closed()).as("no-password -> iam").isTrue();
            }
            try (Resp byIam = Resp.open(port)) {
                assertThat(byIam.call("AUTH", "alice", secrets.nodeSecret("alice"))).isEqualTo("+OK");
                applier.apply(node, List.of(AclUser.disabledDefault()));
                assertThat(byIam.closed()).as("a deleted user loses its connections").isTrue();
            }
        }
    }

    private String acl(int port) throws IOException {
        try (Resp admin = Resp.open(port)) {
            admin.call("AUTH", AdminCredentials.USER_NAME, ADMIN);
            admin.send("ACL", "LIST");
            return admin.readAll();
        }
    }

    /** A bare RESP connection, to see exactly when the node closes it. */
    record Resp(Socket socket, InputStream in, OutputStream out) implements AutoCloseable {
        static Resp open(int port) throws IOException {
            Socket s = new Socket("127.0.0.1", port);
            s.setSoTimeout(5000);
            return new Resp(s, s.getInputStream(), s.getOutputStream());
        }

        void send(String... args) throws IOException {
            StringBuilder sb = new StringBuilder("*" + args.length + "\r\n");
            for (String a : args) {
                sb.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
            }
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        String call(String... args) throws IOException {
            send(args);
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return c == -1 && line.isEmpty() ? null : line.toString();
        }

        String readAll() throws IOException {
            socket.setSoTimeout(300);
            StringBuilder sb = new StringBuilder();
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    sb.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } catch (java.net.SocketTimeoutException done) {
                // all there was
            }
            return sb.toString();
        }

        /** True when the node has closed the connection: a PING gets no answer but the end of the stream. */
        boolean closed() {
            try {
                return call("PING") == null;
            } catch (IOException e) {
                return true;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private void start(int port) throws IOException, InterruptedException {
        redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--user", AdminCredentials.USER_NAME, "on", ">" + ADMIN, "~*", "&*", "+@all",
                "--user", "default", "off")
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !redis.isAlive()) {
                    throw new IOException("redis-server did not start: " + Files.readString(dir.resolve("redis.log")));
                }
                Thread.sleep(20);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
