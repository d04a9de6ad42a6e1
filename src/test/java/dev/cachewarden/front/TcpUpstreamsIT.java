package dev.cachewarden.front;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.engine.node.CertificateAuthority;
import dev.cachewarden.engine.node.Ports;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay from a private unix socket to an external server: bytes both ways over TLS verified
 * against the server's CA; a wrong CA, or a server that is down, ends the connection without a byte
 * (the front then closes its client's); the sockets' directory is private and gone at close.
 */
class TcpUpstreamsIT {
    @TempDir
    static Path dir;
    static Process redis;
    static int port;
    static Path serverCa;
    static Path otherCa;
    static TcpUpstreams upstreams;

    @BeforeAll
    static void start() throws Exception {
        CertificateAuthority.NodeCertificate cert = CertificateAuthority.loadOrCreate(dir.resolve("ca"))
                .nodeCertificate(dir.resolve("node"), "node");
        serverCa = cert.caCertificate();
        otherCa = CertificateAuthority.loadOrCreate(dir.resolve("other-ca")).caCertificate();
        port = Ports.free(List.of());
        redis = new ProcessBuilder("redis-server", "--port", "0", "--tls-port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--tls-cert-file", cert.certificate().toString(), "--tls-key-file", cert.key().toString(),
                "--tls-ca-cert-file", serverCa.toString(), "--tls-auth-clients", "no")
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> Ports.inUse(port));
        upstreams = new TcpUpstreams();
    }

    @AfterAll
    static void stop() throws Exception {
        if (upstreams != null) {
            upstreams.close();
        }
        if (redis != null) {
            redis.destroy();
            redis.waitFor();
        }
    }

    /**
     * Sends {@code request} on the unix socket; what came back before the relay closed or 5 s passed
     * (nothing when it closed before the request could even be written).
     */
    static String exchange(UnixDomainSocketAddress socket, String request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(socket)) {
            try {
                ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            } catch (IOException closed) {
                return ""; // the relay ended the connection before the request was written (a broken pipe)
            }
            ByteBuffer in = ByteBuffer.allocate(1024);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            ch.configureBlocking(false);
            while (System.nanoTime() < deadline) {
                int n;
                try {
                    n = ch.read(in);
                } catch (IOException reset) {
                    break; // closed by a reset: closed all the same
                }
                if (n < 0 || new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII).endsWith("\r\n")) {
                    break;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void relaysOverTlsVerifiedAgainstTheServersCa() throws Exception {
        UnixDomainSocketAddress socket = upstreams.open(new TcpUpstreams.Server("ok-001", "127.0.0.1", port, true, serverCa));
        assertThat(exchange(socket, "*2\r\n$4\r\nECHO\r\n$5\r\nhello\r\n")).isEqualTo("$5\r\nhello\r\n");
        assertThat(upstreams.open(new TcpUpstreams.Server("ok-001", "127.0.0.1", port, true, serverCa)))
                .as("opened once").isEqualTo(socket);
        Path parent = socket.getPath().getParent();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(parent))).isEqualTo("rwx------");
    }

    @Test
    void aWrongCaOrAServerThatIsDownEndsTheConnectionWithoutAByte() throws Exception {
        UnixDomainSocketAddress wrongCa = upstreams.open(new TcpUpstreams.Server("wrong-001", "127.0.0.1", port, true,
                otherCa));
        assertThat(exchange(wrongCa, "PING\r\n")).isEmpty();
        UnixDomainSocketAddress down = upstreams.open(new TcpUpstreams.Server("down-001", "127.0.0.1",
                Ports.free(List.of(port)), true, serverCa));
        assertThat(exchange(down, "PING\r\n")).isEmpty();
        UnixDomainSocketAddress plainToTls = upstreams.open(new TcpUpstreams.Server("plain-001", "127.0.0.1", port,
                false, null));
        assertThat(exchange(plainToTls, "PING\r\n")).as("plaintext to a TLS port: no answer").doesNotContain("PONG");
    }

    @Test
    void theDirectoryIsGoneAtClose() throws Exception {
        try (TcpUpstreams own = new TcpUpstreams()) {
            UnixDomainSocketAddress socket = own.open(new TcpUpstreams.Server("x-001", "127.0.0.1", port, true, serverCa));
            assertThat(exchange(socket, "PING\r\n")).isEqualTo("+PONG\r\n");
            own.close();
            assertThat(socket.getPath().getParent()).doesNotExist();
        }
    }
}
