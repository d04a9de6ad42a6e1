package dev.cachewarden.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The load generator's HTTP client against a loopback server that answers the ways the measured
 * servers do: Jetty's keep-alive with Content-Length or chunked bodies, moto's HTTP/1.0 close.
 */
class HttpConnectionTest {
    private static final byte[] REQUEST = ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc")
            .getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void keepsOneConnectionAcrossContentLengthAndChunkedAnswers() throws Exception {
        List<String> answers = List.of(
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
                "HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "7\r\n<Code>X\r\n8;ext=1\r\n</Code>!\r\n0\r\n\r\n");
        try (Server server = new Server(answers, false);
             HttpConnection c = new HttpConnection("127.0.0.1", server.port())) {
            HttpConnection.Response first = c.exchange(REQUEST);
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.text()).isEqualTo("hello");
            HttpConnection.Response second = c.exchange(REQUEST);
            assertThat(second.status()).isEqualTo(400);
            assertThat(second.text()).isEqualTo("<Code>X</Code>!");
            assertThat(second.errorCode()).isEqualTo("X");
            assertThat(c.connects()).isEqualTo(1);
            assertThat(server.connections.get()).isEqualTo(1);
        }
    }

    @Test
    void reconnectsAfterAnHttp10AnswerThatCloses() throws Exception {
        List<String> answers = List.of(
                "HTTP/1.0 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
                "HTTP/1.0 200 OK\r\n\r\nread to the end");
        try (Server server = new Server(answers, true);
             HttpConnection c = new HttpConnection("127.0.0.1", server.port())) {
            assertThat(c.exchange(REQUEST).text()).isEqualTo("ok");
            assertThat(c.exchange(REQUEST).text()).isEqualTo("read to the end");
            assertThat(c.connects()).isEqualTo(2);
        }
    }

    @Test
    void theJudgingPathSkipsA200sBodyButKeepsAnErrorsAndFallsBackForChunkedAndClose() throws Exception {
        List<String> answers = List.of(
                "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\ncontent-length: 5\r\n\r\nhello",
                "HTTP/1.1 400 Bad Request\r\nContent-Length: 15\r\n\r\n<Code>X</Code>!",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc",
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        try (Server server = new Server(answers, false);
             HttpConnection c = new HttpConnection("127.0.0.1", server.port())) {
            HttpConnection.Response first = c.exchangeJudging(REQUEST);
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.body()).isEmpty();
            HttpConnection.Response second = c.exchangeJudging(REQUEST);
            assertThat(second.status()).isEqualTo(400);
            assertThat(second.errorCode()).isEqualTo("X");
            assertThat(c.exchangeJudging(REQUEST).text()).isEqualTo("ok");
            assertThat(c.exchangeJudging(REQUEST).status()).isEqualTo(200);
            assertThat(c.exchangeJudging(REQUEST).text()).isEqualTo("ok");
            assertThat(c.connects()).isEqualTo(1);
        }
    }

    /** Answers each request (read up to its body) with the next canned answer; closes after each if asked. */
    private static final class Server implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        final AtomicInteger connections = new AtomicInteger();
        final Thread thread;

        Server(List<String> answers, boolean closeEach) throws IOException {
            List<String> left = new ArrayList<>(answers);
            thread = Thread.ofVirtual().start(() -> {
                try {
                    while (!left.isEmpty()) {
                        try (Socket s = socket.accept()) {
                            connections.incrementAndGet();
                            InputStream in = s.getInputStream();
                            OutputStream out = s.getOutputStream();
                            do {
                                in.readNBytes(REQUEST.length);
                                out.write(left.removeFirst().getBytes(StandardCharsets.ISO_8859_1));
                                out.flush();
                            } while (!closeEach && !left.isEmpty());
                        }
                    }
                } catch (IOException e) {
                    // closed by the test
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            socket.close();
            thread.join(5_000);
        }
    }
}
