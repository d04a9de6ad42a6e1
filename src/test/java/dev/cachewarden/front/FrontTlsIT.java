package dev.cachewarden.front;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.engine.node.Ports;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The front's TLS against real clients (redis-cli, openssl s_client) and a real redis-server behind
 * it: BoringSSL is the provider on this platform, commands pass, and a session is resumed from the
 * ticket the front issued, as one client reconnecting does.
 */
class FrontTlsIT {
    @TempDir
    static Path dir;
    static Process redis;
    static FrontServer front;
    static int port;
    static Path cert;

    @BeforeAll
    static void start() throws Exception {
        cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        run(null, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "1", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1");
        Path socket = dir.resolve("redis.sock");
        redis = new ProcessBuilder("/usr/bin/redis-server", "--port", "0", "--unixsocket", socket.toString(),
                "--unixsocketperm", "700", "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(socket));
        front = new FrontServer((target, user, password) -> new ConnectionAuthenticator.Decision.PassThrough(),
                FrontLimits.defaults());
        port = Ports.free(List.of());
        front.serve(new FrontEndpoint(new FrontTarget("t1", false, EndpointKind.NODE, "t1-001"), port, cert, key,
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
    void boringSslServesAndResumesSessions() throws Exception {
        // netty-tcnative-boringssl-static ships linux-x86_64, where this runs; elsewhere the JDK's provider.
        assertThat(FrontServer.sslProvider()).isEqualTo(SslProvider.OPENSSL);

        assertThat(run(null, "redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(port), "--tls", "--cacert",
                cert.toString(), "PING")).contains("PONG");

        // QUIT makes the node close the connection, after the ticket the front sent has been read.
        Path session = dir.resolve("session.pem");
        String first = run("QUIT\n", "openssl", "s_client", "-connect", "127.0.0.1:" + port, "-CAfile",
                cert.toString(), "-tls1_3", "-ign_eof", "-sess_out", session.toString());
        assertThat(first).contains("+OK").contains("New, TLSv1.3");
        String second = run("QUIT\n", "openssl", "s_client", "-connect", "127.0.0.1:" + port, "-CAfile",
                cert.toString(), "-tls1_3", "-ign_eof", "-sess_in", session.toString());
        assertThat(second).contains("+OK").contains("Reused, TLSv1.3");
    }

    private static String run(String input, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
        if (input != null) {
            p.getOutputStream().write(input.getBytes(StandardCharsets.US_ASCII));
            p.getOutputStream().flush();
        }
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0 && input == null) {
            throw new AssertionError(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
