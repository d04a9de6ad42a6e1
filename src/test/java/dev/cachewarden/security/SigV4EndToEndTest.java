package dev.cachewarden.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.junit.Cachewarden;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;

/** Each way a signature can be wrong, sent to a live server, refused with AWS's code and status. */
class SigV4EndToEndTest {
    static Cachewarden server;
    static RawHttp http;
    static final String DESCRIBE = "Action=DescribeUsers&Version=2015-02-02";

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
    void theSdkSignedRequestIsServed() {
        assertThat(server.client().describeUsers(r -> { }).users()).extracting(u -> u.userId()).contains("default");
    }

    @Test
    void ourRawRequestSignedByTheSdkSignerIsServed() throws Exception {
        RawHttp.Answer a = http.send(SdkSigner.post(server.endpoint(), DESCRIBE).sign());
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).contains("<DescribeUsersResponse").contains("<UserId>default</UserId>");
    }

    @Test
    void wrongSecretIsSignatureDoesNotMatch() {
        ElastiCacheClient wrong = client(Cachewarden.DEFAULT_ACCESS_KEY_ID, "not-the-secret", Region.US_EAST_1);
        assertThatThrownBy(() -> wrong.describeUsers(r -> { })).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorMessage()).startsWith("The request signature we calculated does not "
                    + "match the signature you provided.");
        });
    }

    @Test
    void unknownAccessKeyIsInvalidClientTokenId() {
        ElastiCacheClient unknown = client("AKIDUNKNOWN", Cachewarden.DEFAULT_SECRET_ACCESS_KEY, Region.US_EAST_1);
        assertThatThrownBy(() -> unknown.describeUsers(r -> { })).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
            assertThat(e.statusCode()).isEqualTo(403);
        });
    }

    @Test
    void anotherRegionInTheScopeIsRefused() {
        ElastiCacheClient other = client(Cachewarden.DEFAULT_ACCESS_KEY_ID, Cachewarden.DEFAULT_SECRET_ACCESS_KEY, Region.EU_WEST_1);
        assertThatThrownBy(() -> other.describeUsers(r -> { })).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo("Credential should be scoped to a valid region, not 'eu-west-1'. ");
        });
    }

    @Test
    void anotherServiceInTheScopeIsRefused() throws Exception {
        RawHttp.Answer a = http.send(SdkSigner.post(server.endpoint(), DESCRIBE).service("rds").sign());
        assertError(a, 403, "SignatureDoesNotMatch", "Credential should be scoped to correct service: 'elasticache'. ");
    }

    @Test
    void aStaleDateIsRequestExpired() throws Exception {
        Clock past = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-16));
        RawHttp.Answer a = http.send(SdkSigner.post(server.endpoint(), DESCRIBE).clock(past).sign());
        assertError(a, 400, "RequestExpired", "Signature expired: ");
        Clock future = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(16));
        assertError(http.send(SdkSigner.post(server.endpoint(), DESCRIBE).clock(future).sign()), 400,
                "RequestExpired", "Signature not yet current: ");
    }

    @Test
    void aDateWithinTheSkewIsServed() throws Exception {
        Clock past = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-14));
        assertThat(http.send(SdkSigner.post(server.endpoint(), DESCRIBE).clock(past).sign()).status()).isEqualTo(200);
    }

    @Test
    void aTamperedBodyIsRefused() throws Exception {
        SdkSigner.Signed s = SdkSigner.post(server.endpoint(),
                "Action=DeleteUser&Version=2015-02-02&UserId=someone").sign();
        byte[] tampered = "Action=DeleteUser&Version=2015-02-02&UserId=default1".getBytes(StandardCharsets.UTF_8);
        RawHttp.Answer a = http.send(new SdkSigner.Signed(s.method(), s.pathAndQuery(), s.headers(), tampered));
        assertThat(a.status()).isEqualTo(403);
        assertThat(a.body()).contains("<Code>SignatureDoesNotMatch</Code>");
    }

    @Test
    void aTamperedSignedHeaderIsRefused() throws Exception {
        SdkSigner.Signed s = SdkSigner.post(server.endpoint(), DESCRIBE).sign();
        Map<String, List<String>> headers = new java.util.LinkedHashMap<>(s.headers());
        headers.put("Content-Type", List.of("application/x-www-form-urlencoded"));
        assertError(http.send(new SdkSigner.Signed(s.method(), s.pathAndQuery(), headers, s.body())), 403,
                "SignatureDoesNotMatch", "The request signature we calculated");
    }

    @Test
    void anUnsignedRequestIsMissingAuthenticationToken() throws Exception {
        RawHttp.Answer a = http.exchange(RawHttp.request("POST", "/",
                Map.of("Content-Type", List.of("application/x-www-form-urlencoded")),
                DESCRIBE.getBytes(StandardCharsets.UTF_8), server.port()));
        assertError(a, 403, "MissingAuthenticationToken", "Request is missing Authentication Token");
    }

    @Test
    void aMalformedAuthorizationIsIncompleteSignature() throws Exception {
        RawHttp.Answer a = http.exchange(RawHttp.request("POST", "/",
                Map.of("Content-Type", List.of("application/x-www-form-urlencoded"),
                        "Authorization", List.of("AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/elasticache/aws4_request"),
                        "X-Amz-Date", List.of("20260101T000000Z")),
                DESCRIBE.getBytes(StandardCharsets.UTF_8), server.port()));
        assertError(a, 400, "IncompleteSignature", "Authorization header requires 'Signature' parameter. "
                + "Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256");
        RawHttp.Answer noDate = http.exchange(RawHttp.request("POST", "/",
                Map.of("Authorization", List.of("AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/elasticache/"
                        + "aws4_request, SignedHeaders=host, Signature=00")),
                DESCRIBE.getBytes(StandardCharsets.UTF_8), server.port()));
        assertError(noDate, 400, "IncompleteSignature", "Authorization header requires existence of either a "
                + "'X-Amz-Date' or a 'Date' header.");
    }

    @Test
    void aPresignedUrlIsServedUntilItExpires() throws Exception {
        SdkSigner.Signed fresh = SdkSigner.post(server.endpoint(), DESCRIBE).presigned(Duration.ofMinutes(5)).sign();
        assertThat(fresh.pathAndQuery()).contains("X-Amz-Signature=");
        RawHttp.Answer ok = http.send(fresh);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).contains("<UserId>default</UserId>");

        Clock earlier = Clock.fixed(Instant.now().minus(Duration.ofMinutes(10)), ZoneOffset.UTC);
        SdkSigner.Signed expired = SdkSigner.post(server.endpoint(), DESCRIBE).clock(earlier)
                .presigned(Duration.ofMinutes(5)).sign();
        assertError(http.send(expired), 400, "RequestExpired", "Request has expired");

        String tampered = fresh.pathAndQuery().replace("DescribeUsers", "DescribeUserGroups");
        assertError(http.send(new SdkSigner.Signed("GET", tampered, fresh.headers(), new byte[0])), 403,
                "SignatureDoesNotMatch", "The request signature we calculated");
    }

    static void assertError(RawHttp.Answer a, int status, String code, String messageStart) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.body()).contains("<ErrorResponse xmlns=\"http://elasticache.amazonaws.com/doc/2015-02-02/\">")
                .contains("<Type>Sender</Type>").contains("<Code>" + code + "</Code>")
                .contains("<Message>" + xml(messageStart)).contains("<RequestId>");
        assertThat(a.headers().get("x-amzn-requestid")).isNotBlank();
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;");
    }

    static ElastiCacheClient client(String accessKey, String secretKey, Region region) {
        return Clients.client(server.endpoint(), accessKey, secretKey, region);
    }
}
