package dev.cachewarden.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.protocol.AwsException;
import dev.cachewarden.protocol.ErrorCode;
import dev.cachewarden.protocol.sigv4.SigV4Verifier;
import dev.cachewarden.protocol.sigv4.SignedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The verifier's refusals one by one, on AWS's get-vanilla request, with a fixed clock. */
class SigV4VerifierTest {
    static final String SIG = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
    static final String GOOD = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=" + SIG;

    static SigV4Verifier verifier(Clock clock) {
        return new SigV4Verifier("us-east-1", "service",
                id -> id.equals("AKIDEXAMPLE") ? Optional.of(SigV4TestSuiteTest.SECRET) : Optional.empty(), clock);
    }

    static SignedRequest request(String query, Map<String, String> headers) {
        return new SignedRequest("GET", "/", query, name -> headers.containsKey(name)
                ? List.of(headers.get(name)) : List.of(), new byte[0]);
    }

    static SignedRequest withAuthorization(String authorization) {
        return request(null, Map.of("host", "example.amazonaws.com", "x-amz-date", "20150830T123600Z",
                "authorization", authorization));
    }

    static void refused(SignedRequest r, ErrorCode code, String message) {
        refused(r, SigV4TestSuiteTest.AT_SIGNING, code, message);
    }

    static void refused(SignedRequest r, Clock clock, ErrorCode code, String message) {
        assertThatThrownBy(() -> verifier(clock).verify(r)).isInstanceOfSatisfying(AwsException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).startsWith(message);
        });
    }

    @Test
    void theVanillaRequestVerifiesAndTheSkewIsFifteenMinutesEachWay() {
        assertThat(verifier(SigV4TestSuiteTest.AT_SIGNING).verify(withAuthorization(GOOD))).isEqualTo("AKIDEXAMPLE");
        Instant signed = Instant.parse("2015-08-30T12:36:00Z");
        assertThat(verifier(Clock.fixed(signed.plus(Duration.ofMinutes(15)), ZoneOffset.UTC))
                .verify(withAuthorization(GOOD))).isEqualTo("AKIDEXAMPLE");
        refused(withAuthorization(GOOD), Clock.fixed(signed.plus(Duration.ofMinutes(15).plusSeconds(1)), ZoneOffset.UTC),
                ErrorCode.REQUEST_EXPIRED, "Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z "
                        + "(20150830T125101Z - 15 min.)");
        refused(withAuthorization(GOOD), Clock.fixed(signed.minus(Duration.ofMinutes(16)), ZoneOffset.UTC),
                ErrorCode.REQUEST_EXPIRED, "Signature not yet current: 20150830T123600Z is still later than");
    }

    @Test
    void malformedCredentialsAreIncompleteSignature() {
        refused(withAuthorization(GOOD.replace("AKIDEXAMPLE/", "AKIDEXAMPLE/x/")), ErrorCode.INCOMPLETE_SIGNATURE,
                "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '");
        refused(withAuthorization(GOOD.replace("aws4_request", "aws4_reqest")), ErrorCode.INCOMPLETE_SIGNATURE,
                "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws4_reqest'. ");
        refused(withAuthorization(GOOD.replace("host;x-amz-date", "x-amz-date")), ErrorCode.INCOMPLETE_SIGNATURE,
                "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        refused(withAuthorization(GOOD.replace(", Signature", " Signature")), ErrorCode.INCOMPLETE_SIGNATURE,
                "Authorization header requires 'Signature' parameter.");
        refused(withAuthorization("Basic dXNlcjpwYXNz"), ErrorCode.INCOMPLETE_SIGNATURE,
                "Authorization header requires 'Credential' parameter.");
        refused(request(null, Map.of("host", "example.amazonaws.com", "x-amz-date", "2015-08-30T12:36:00Z",
                "authorization", GOOD)), ErrorCode.INCOMPLETE_SIGNATURE,
                "Date must be in ISO-8601 'basic format'. Got '2015-08-30T12:36:00Z'.");
    }

    @Test
    void scopeMismatchesAreSignatureDoesNotMatch() {
        refused(withAuthorization(GOOD.replace("/20150830/", "/20150831/")), ErrorCode.SIGNATURE_DOES_NOT_MATCH,
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                        + "'20150831' != '20150830', from '20150830T123600Z'.");
        refused(withAuthorization(GOOD.replace("us-east-1", "eu-west-1")), ErrorCode.SIGNATURE_DOES_NOT_MATCH,
                "Credential should be scoped to a valid region, not 'eu-west-1'. ");
        refused(withAuthorization(GOOD.replace("/service/", "/elasticache/")), ErrorCode.SIGNATURE_DOES_NOT_MATCH,
                "Credential should be scoped to correct service: 'service'. ");
        refused(withAuthorization(GOOD.replace("AKIDEXAMPLE", "AKIDOTHER")), ErrorCode.INVALID_CLIENT_TOKEN_ID,
                "The security token included in the request is invalid.");
    }

    @Test
    void aPayloadHashHeaderThatLiesIsRefused() {
        SignedRequest lying = request(null, Map.of("host", "example.amazonaws.com", "x-amz-date", "20150830T123600Z",
                "authorization", GOOD, "x-amz-content-sha256", "0".repeat(64)));
        refused(lying, ErrorCode.SIGNATURE_DOES_NOT_MATCH, "The provided 'x-amz-content-sha256' header does not match");
        SignedRequest withBody = new SignedRequest("GET", "/", null, withAuthorization(GOOD).headers(),
                "x".getBytes(StandardCharsets.UTF_8));
        refused(withBody, ErrorCode.SIGNATURE_DOES_NOT_MATCH, "The request signature we calculated");
    }

    @Test
    void presignedQueriesAreCheckedForCompletenessExpiryAndAmbiguity() {
        String base = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice"
                + "%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Signature=" + SIG;
        Map<String, String> host = Map.of("host", "example.amazonaws.com");
        refused(request(base, host), ErrorCode.INCOMPLETE_SIGNATURE,
                "AWS query-string parameters must include 'X-Amz-Algorithm', 'X-Amz-Credential'");
        refused(request(base + "&X-Amz-Expires=604801", host), ErrorCode.INCOMPLETE_SIGNATURE,
                "X-Amz-Expires must be a whole number of seconds from 1 to 604800, not '604801'.");
        refused(request(base + "&X-Amz-Expires=60", host), Clock.fixed(Instant.parse("2015-08-30T12:37:01Z"),
                ZoneOffset.UTC), ErrorCode.REQUEST_EXPIRED, "Request has expired");
        refused(request(base + "&X-Amz-Expires=60", host), ErrorCode.SIGNATURE_DOES_NOT_MATCH,
                "The request signature we calculated");
        refused(request(base + "&X-Amz-Expires=60&X-Amz-Expires=61", host), ErrorCode.INCOMPLETE_SIGNATURE,
                "The query parameter X-Amz-Expires is given more than once.");
        refused(request(base + "&X-Amz-Expires=60", Map.of("host", "example.amazonaws.com", "authorization", GOOD)),
                ErrorCode.INCOMPLETE_SIGNATURE, "Only one auth mechanism allowed");
        refused(request("Action=DescribeUsers", host), ErrorCode.MISSING_AUTHENTICATION_TOKEN,
                "Request is missing Authentication Token");
    }
}
