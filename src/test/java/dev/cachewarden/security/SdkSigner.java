package dev.cachewarden.security;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs raw requests with the AWS SDK's own SigV4 signer (the oracle, not our code), with any
 * credentials, scope, clock or expiry a test wants to get wrong on purpose.
 */
final class SdkSigner {
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    record Signed(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body) {}

    static Builder post(URI endpoint, String form) {
        return new Builder(endpoint, SdkHttpMethod.POST, form);
    }

    static final class Builder {
        private final URI endpoint;
        private final SdkHttpMethod method;
        private final String form;
        private String accessKey = dev.cachewarden.junit.Cachewarden.DEFAULT_ACCESS_KEY_ID;
        private String secretKey = dev.cachewarden.junit.Cachewarden.DEFAULT_SECRET_ACCESS_KEY;
        private String region = "us-east-1";
        private String service = "elasticache";
        private Clock clock = Clock.systemUTC();
        private Duration presignFor;

        Builder(URI endpoint, SdkHttpMethod method, String form) {
            this.endpoint = endpoint;
            this.method = method;
            this.form = form;
        }

        Builder credentials(String accessKey, String secretKey) {
            this.accessKey = accessKey;
            this.secretKey = secretKey;
            return this;
        }

        Builder region(String region) {
            this.region = region;
            return this;
        }

        Builder service(String service) {
            this.service = service;
            return this;
        }

        Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Presign as a GET with the form moved into the query string, valid for this long. */
        Builder presigned(Duration expires) {
            this.presignFor = expires;
            return this;
        }

        Signed sign() {
            return sign(form.getBytes(StandardCharsets.UTF_8));
        }

        /** Signs this body instead of the form (any bytes, even ones no client would send). */
        Signed signWithBody(String body) {
            return sign(body.getBytes(StandardCharsets.UTF_8));
        }

        Signed signWithBody(byte[] body) {
            return sign(body);
        }

        private Signed sign(byte[] formBytes) {
            boolean presign = presignFor != null;
            SdkHttpFullRequest.Builder b = SdkHttpFullRequest.builder()
                    .method(presign ? SdkHttpMethod.GET : method)
                    .uri(endpoint.resolve("/"));
            if (presign) {
                for (String pair : form.split("&")) {
                    int eq = pair.indexOf('=');
                    b.appendRawQueryParameter(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                }
            } else {
                b.putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
            }
            byte[] body = presign ? new byte[0] : formBytes;
            SdkHttpRequest signed = SIGNER.sign(r -> {
                r.identity(AwsCredentialsIdentity.create(accessKey, secretKey))
                        .request(b.build())
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(HttpSigner.SIGNING_CLOCK, clock);
                if (presign) {
                    r.putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                            .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, presignFor);
                }
            }).request();
            String pathAndQuery = signed.encodedPath().isEmpty() ? "/" : signed.encodedPath();
            String query = signed.encodedQueryParameters().orElse(null);
            if (query != null) {
                pathAndQuery += "?" + query;
            }
            return new Signed(signed.method().name(), pathAndQuery, new LinkedHashMap<>(signed.headers()), body);
        }

        private static String decode(String s) {
            return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
        }
    }
}
