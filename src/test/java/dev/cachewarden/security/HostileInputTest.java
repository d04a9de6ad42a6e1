package dev.cachewarden.security;

import static dev.cachewarden.security.SigV4EndToEndTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.junit.Cachewarden;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each kind of hostile input, one at a time, answered with an AWS error document and nothing worse. */
class HostileInputTest {
    static Cachewarden server;
    static RawHttp http;

    @BeforeAll
    static void start() throws Exception {
        server = Cachewarden.start();
        http = new RawHttp("127.0.0.1", server.port());
    }

    @AfterAll
    static void stop() {
        http.close();
        server.close();
    }

    static RawHttp.Answer signedPost(String form) throws Exception {
        return http.send(SdkSigner.post(server.endpoint(), form).sign());
    }

    @Test
    void anOversizedBodyIsRequestEntityTooLarge() throws Exception {
        String big = "Action=DescribeUsers&Version=2015-02-02&Marker=" + "a".repeat(300 * 1024);
        assertError(signedPost(big), 413, "RequestEntityTooLarge", "Request body must be at most 262144 bytes.");
        // Chunked, so no Content-Length warns ahead: the read itself stops at the bound.
        byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
        StringBuilder raw = new StringBuilder("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\n\r\n");
        for (int i = 0; i < 5; i++) {
            raw.append(Integer.toHexString(chunk.length)).append("\r\n").append(new String(chunk, StandardCharsets.US_ASCII))
                    .append("\r\n");
        }
        raw.append("0\r\n\r\n");
        try (RawHttp once = new RawHttp("127.0.0.1", server.port())) {
            assertError(once.exchange(raw.toString().getBytes(StandardCharsets.US_ASCII)), 413, "RequestEntityTooLarge",
                    "Request body must be at most");
        }
    }

    @Test
    void aClientStillSendingAnOversizedBodyReadsThe413() throws Exception {
        // java.net.http writes the whole body before it reads: the server must not reset it mid-send.
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        byte[] big = ("Action=DescribeUsers&Version=2015-02-02&Marker=" + "a".repeat(2 << 20))
                .getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 3; i++) {
            java.net.http.HttpResponse<String> r = client.send(java.net.http.HttpRequest.newBuilder(server.endpoint())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(big)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(r.body()).contains("<Code>RequestEntityTooLarge</Code>");
        }
    }

    @Test
    void aHeaderFloodIsRefusedWithAnAwsDocument() throws Exception {
        try (RawHttp once = new RawHttp("127.0.0.1", server.port())) {
            RawHttp.Answer a = once.exchange(RawHttp.request("POST", "/",
                    Map.of("X-Flood", List.of("f".repeat(40 * 1024))), new byte[0], server.port()));
            assertError(a, 431, "RequestEntityTooLarge", "The request is too large");
        }
        try (RawHttp once = new RawHttp("127.0.0.1", server.port())) {
            List<String> many = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                many.add("v" + i);
            }
            RawHttp.Answer a = once.exchange(RawHttp.request("POST", "/", Map.of("X-Many", many), new byte[0],
                    server.port()));
            assertThat(a.status()).isEqualTo(431);
            assertThat(a.body()).contains("<Code>RequestEntityTooLarge</Code>");
        }
    }

    @Test
    void tooManyParametersAreRefused() throws Exception {
        StringBuilder form = new StringBuilder("Action=DescribeUsers&Version=2015-02-02");
        for (int i = 0; i < 2_100; i++) {
            form.append("&P").append(i).append("=1");
        }
        assertError(signedPost(form.toString()), 404, "MalformedQueryString",
                "The query string is malformed: the request has more than 2000 parameters.");
    }

    @Test
    void tooManyListMembersAreRefused() throws Exception {
        StringBuilder form = new StringBuilder("Action=ModifyUserGroup&Version=2015-02-02&UserGroupId=g");
        for (int i = 1; i <= 1_001; i++) {
            form.append("&UserIdsToAdd.member.").append(i).append("=u").append(i);
        }
        assertError(signedPost(form.toString()), 400, "InvalidParameterValue", "The list UserIdsToAdd.member. has more");
    }

    @Test
    void badPercentEncodingBadUtf8AndDuplicatesAreMalformedQueryString() throws Exception {
        assertError(signedPost("Action=DescribeUsers&Version=2015-02-02&UserId=%ZZ"), 404, "MalformedQueryString",
                "The query string is malformed: invalid percent escape.");
        assertError(signedPost("Action=DescribeUsers&Version=2015-02-02&UserId=%4"), 404, "MalformedQueryString",
                "The query string is malformed: incomplete percent escape.");
        assertError(signedPost("Action=DescribeUsers&Version=2015-02-02&UserId=%C3%28"), 404, "MalformedQueryString",
                "The query string is malformed: invalid UTF-8");
        assertError(signedPost("Action=DescribeUsers&Version=2015-02-02&UserId=a&UserId=b"), 404,
                "MalformedQueryString", "The query string is malformed: the parameter UserId is given more than once.");
    }

    @Test
    void aGarbageRequestLineIsAnsweredAsAnAwsError() throws Exception {
        try (RawHttp once = new RawHttp("127.0.0.1", server.port())) {
            RawHttp.Answer a = once.exchange("\u0001\u0002 GARBAGE\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(a.status()).isEqualTo(400);
            assertThat(a.body()).contains("<ErrorResponse").contains("<Code>MalformedQueryString</Code>");
        }
    }

    @Test
    void silentClientsAreCutOffAndConnectionsAreBounded() throws Exception {
        try (Cachewarden small = Cachewarden.builder().idleTimeout(Duration.ofSeconds(1)).maxConnections(8).start()) {
            List<Socket> silent = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress("127.0.0.1", small.port()), 2_000);
                    s.getOutputStream().write("POST / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                    silent.add(s);
                }
                long start = System.nanoTime();
                // A ninth client waits until the idle timeout frees a slot, then is served.
                try (RawHttp late = new RawHttp("127.0.0.1", small.port())) {
                    RawHttp.Answer a = late.send(SdkSigner.post(small.endpoint(),
                            "Action=DescribeUsers&Version=2015-02-02").sign());
                    assertThat(a.status()).isEqualTo(200);
                }
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(500));
                for (Socket s : silent) {
                    s.setSoTimeout(5_000);
                    InputStream in = s.getInputStream();
                    try {
                        byte[] answer = in.readAllBytes();
                        // Jetty may say 408 before closing; either way the connection is gone.
                        assertThat(new String(answer, StandardCharsets.ISO_8859_1)).satisfiesAnyOf(
                                t -> assertThat(t).isEmpty(), t -> assertThat(t).contains("ErrorResponse"));
                    } catch (SocketTimeoutException e) {
                        throw new AssertionError("a silent client was not cut off", e);
                    } catch (java.net.SocketException reset) {
                        // closed by the server: what we want
                    }
                }
            } finally {
                for (Socket s : silent) {
                    s.close();
                }
            }
        }
    }
}
