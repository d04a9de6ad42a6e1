package dev.cachewarden.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.junit.Cachewarden;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Presigned requests carry the whole form in the query string, read by the signature check and by the
 * form decoder: one strict decoder serves both, so an escape either of them would read differently
 * is refused as MalformedQueryString, and what the SDK encodes verifies.
 */
class QueryStringEncodingTest {
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

    @Test
    void unusualCharactersTheSdkEncodesVerifyAndReachTheAction() throws Exception {
        // '+', '/', ' ', '%', '~', '*' and non-ASCII, each encoded by the SDK's signer and decoded once here.
        RawHttp.Answer a = http.send(presigned("Action=DescribeUsers&Version=2015-02-02&UserId="
                + "a%2Bb%2Fc+d%25e%7Ef*%E2%9C%93%F0%9F%98%80"));
        // Past the signature check, the action names the value it read: decoded once, exactly.
        assertThat(a.body()).contains("<Code>InvalidParameterValue</Code>")
                .contains("User ID &apos;a+b/c d%e~f*\u2713\uD83D\uDE00&apos; is invalid");
    }

    @Test
    void lowerCaseHexIsTheSameValueAndTheSameSignature() throws Exception {
        SdkSigner.Signed s = presigned("Action=DescribeUsers&Version=2015-02-02&UserId=caf%C3%A9");
        assertThat(s.pathAndQuery()).contains("caf%C3%A9");
        RawHttp.Answer a = http.send(withTarget(s, s.pathAndQuery().replace("caf%C3%A9", "caf%c3%a9")));
        assertThat(a.body()).contains("<Code>InvalidParameterValue</Code>").contains("User ID &apos;caf\u00e9&apos;");
    }

    @Test
    void malformedEscapesAndInvalidUtf8InTheQueryAreMalformedQueryString() throws Exception {
        SdkSigner.Signed s = presigned("Action=DescribeUsers&Version=2015-02-02&UserId=abc");
        for (String bad : new String[] {"%", "%G1", "%4", "%C3%28", "%FF"}) {
            RawHttp.Answer a = http.send(withTarget(s, s.pathAndQuery().replace("UserId=abc", "UserId=abc" + bad)));
            assertMalformed(a, bad);
        }
        // An escape in a signing parameter is read by the same decoder: refused, not rewritten.
        RawHttp.Answer a = http.send(withTarget(s, s.pathAndQuery().replace("X-Amz-Signature=",
                "X-Amz-Signature=%ZZ")));
        assertMalformed(a, "in X-Amz-Signature");
    }

    @Test
    void rawBytesOutsideAsciiInTheQueryAreMalformedQueryStringNotReEncoded() throws Exception {
        SdkSigner.Signed s = presigned("Action=DescribeUsers&Version=2015-02-02&UserId=abc");
        String raw = new String(RawHttp.request(s.method(), s.pathAndQuery(), s.headers(), s.body(), server.port()),
                StandardCharsets.ISO_8859_1);
        int at = raw.indexOf("UserId=abc") + "UserId=abc".length();
        for (byte[] inserted : new byte[][] {"\u2713".getBytes(StandardCharsets.UTF_8), {(byte) 0xE9}}) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes(raw.substring(0, at).getBytes(StandardCharsets.ISO_8859_1));
            b.writeBytes(inserted);
            b.writeBytes(raw.substring(at).getBytes(StandardCharsets.ISO_8859_1));
            try (RawHttp once = new RawHttp("127.0.0.1", server.port())) {
                assertMalformed(once.exchange(b.toByteArray()), "raw " + inserted.length + " byte(s)");
            }
        }
    }

    private static void assertMalformed(RawHttp.Answer a, String what) {
        assertThat(a.status()).as(what).isEqualTo(404);
        assertThat(a.body()).as(what).contains("<Code>MalformedQueryString</Code>")
                .contains("The query string is malformed: ");
    }

    private static SdkSigner.Signed presigned(String form) {
        return SdkSigner.post(server.endpoint(), form).presigned(Duration.ofMinutes(5)).sign();
    }

    private static SdkSigner.Signed withTarget(SdkSigner.Signed s, String pathAndQuery) {
        return new SdkSigner.Signed(s.method(), pathAndQuery, s.headers(), s.body());
    }
}
