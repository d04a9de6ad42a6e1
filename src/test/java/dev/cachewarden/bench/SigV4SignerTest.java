package dev.cachewarden.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** The load generator's hand-written signer against AWS's published example and the AWS SDK's signer. */
class SigV4SignerTest {
    private static final Instant NOW = Instant.parse("2026-11-27T10:15:30Z");

    @Test
    void matchesAwsTestSuiteGetVanilla() {
        // aws-sig-v4-test-suite "get-vanilla": GET / on example.amazonaws.com, 2015-08-30T12:36:00Z.
        SigV4Signer signer = new SigV4Signer("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                "us-east-1", "service");
        SigV4Signer.Signature s = signer.sign("GET", "/", "", Map.of("Host", "example.amazonaws.com"), new byte[0],
                Instant.parse("2015-08-30T12:36:00Z"));
        assertThat(s.amzDate()).isEqualTo("20150830T123600Z");
        assertThat(s.authorization()).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
                + "aws4_request, SignedHeaders=host;x-amz-date, "
                + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    }

    @Test
    void presignsTheSameIamTokenAsTheSdk() {
        // The front's benchmark signs its tokens with presign; the SDK (AWS's documented example) is the reference.
        SigV4Signer signer = new SigV4Signer("AKIDBENCH", "bench-secret", "us-east-1", "elasticache");
        String ours = signer.presign("bench-rg", "/", "Action=connect&User=bench-iam", java.time.Duration.ofSeconds(900),
                NOW);
        String sdk = dev.cachewarden.front.iam.IamTokens.forCache("bench-rg", "bench-iam", false, "AKIDBENCH",
                "bench-secret").at(NOW).withAws4Signer();
        assertThat(signatureOf(ours)).isEqualTo(signatureOf(sdk)).hasSize(64);
        assertThat(SigV4Signer.canonicalQuery(ours.substring(ours.indexOf('?') + 1)))
                .isEqualTo(SigV4Signer.canonicalQuery(sdk.substring(sdk.indexOf('?') + 1)));
    }

    private static String signatureOf(String token) {
        return token.replaceAll(".*X-Amz-Signature=([0-9a-f]+).*", "$1");
    }

    @Test
    void matchesSdkSignerOnQueryFormPosts() {
        for (String body : List.of(
                "Action=DescribeUsers&Version=2015-02-02",
                "Action=CreateUser&Version=2015-02-02&UserId=bench-u-1&UserName=bench-u-1&Engine=redis"
                        + "&Passwords.member.1=a-long-enough-password&AccessString=on%20~app%3A*%20%2B%40read",
                "Action=ModifyUserGroup&Version=2015-02-02&UserGroupId=g%C3%A9&UserIdsToAdd.member.1=u~1",
                "")) {
            assertSameAsSdk("POST", "http://127.0.0.1:4617/", body);
        }
    }

    @Test
    void matchesSdkSignerOnQueriesAndPaths() {
        assertSameAsSdk("GET", "http://127.0.0.1:4617/?Version=2015-02-02&Action=DescribeUsers&MaxRecords=20"
                + "&Marker=a%2Bb%3D%3D&Empty=", "");
        assertSameAsSdk("GET", "http://localhost/a/b%20c/./d/../e?b=2&a=1&a=0", "");
    }

    private static void assertSameAsSdk(String method, String url, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        URI uri = URI.create(url);
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri)
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .putHeader("X-Custom", "  two   spaces  ");
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create("AKIDBENCH", "bench/secret+key"))
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(bytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "elasticache")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(NOW, ZoneOffset.UTC)));
        String sdkAuthorization = signed.request().firstMatchingHeader("Authorization").orElseThrow();

        // Our signer gets exactly the headers the SDK sent besides the two that signing adds.
        Map<String, String> headers = new LinkedHashMap<>();
        signed.request().forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("Authorization") && !name.equalsIgnoreCase("X-Amz-Date")) {
                headers.put(name, String.join(",", values));
            }
        });
        String path = uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        SigV4Signer.Signature ours = new SigV4Signer("AKIDBENCH", "bench/secret+key", "us-east-1", "elasticache")
                .sign(method, path, query, headers, bytes, NOW);
        assertThat(ours.amzDate()).isEqualTo(signed.request().firstMatchingHeader("X-Amz-Date").orElseThrow());
        assertThat(ours.authorization()).isEqualTo(sdkAuthorization);
    }
}
