package dev.cachewarden.races;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.junit.Cachewarden;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: an HTTP/0.9 request (a request line without a version) is the client's fault, and the
 * error document says so (Sender), not InternalFailure.
 */
class Http09Test {
    @Test
    void anHttp09RequestIsNamedTheSendersFault() throws Exception {
        try (Cachewarden server = Cachewarden.start(); Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 ");
            assertThat(answer).contains("<Type>Sender</Type>").contains("<Code>MalformedQueryString</Code>")
                    .doesNotContain("InternalFailure");
        }
    }
}
