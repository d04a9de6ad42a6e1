package dev.cachewarden.front.iam;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4PresignerParams;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;

/**
 * ElastiCache IAM tokens made by real signers, never by our code: the AWS SDK for Java v2 exactly as
 * AWS's "Authenticating with IAM" Java example does ({@code Aws4Signer.presign}), the SDK's newer
 * {@code AwsV4HttpSigner}, and botocore's {@code SigV4QueryAuth} in a python3 process.
 */
public record IamTokens(String cacheId, String userId, boolean serverless, String region, String accessKeyId,
                        String secretAccessKey, String sessionToken, String service, Instant signedAt,
                        Duration expires) {

    public static IamTokens forCache(String cacheId, String userId, boolean serverless, String accessKeyId,
            String secretAccessKey) {
        return new IamTokens(cacheId, userId, serverless, "us-east-1", accessKeyId, secretAccessKey, null,
                "elasticache", null, Duration.ofSeconds(900));
    }

    public IamTokens at(Instant when) {
        return new IamTokens(cacheId, userId, serverless, region, accessKeyId, secretAccessKey, sessionToken, service,
                when, expires);
    }

    public IamTokens expiringAfter(Duration d) {
        return new IamTokens(cacheId, userId, serverless, region, accessKeyId, secretAccessKey, sessionToken, service,
                signedAt, d);
    }

    public IamTokens region(String r) {
        return new IamTokens(cacheId, userId, serverless, r, accessKeyId, secretAccessKey, sessionToken, service,
                signedAt, expires);
    }

    public IamTokens service(String s) {
        return new IamTokens(cacheId, userId, serverless, region, accessKeyId, secretAccessKey, sessionToken, s,
                signedAt, expires);
    }

    public IamTokens serverless(boolean s) {
        return new IamTokens(cacheId, userId, s, region, accessKeyId, secretAccessKey, sessionToken, service,
                signedAt, expires);
    }

    public IamTokens sessionToken(String t) {
        return new IamTokens(cacheId, userId, serverless, region, accessKeyId, secretAccessKey, t, service, signedAt,
                expires);
    }

    public IamTokens user(String u) {
        return new IamTokens(cacheId, u, serverless, region, accessKeyId, secretAccessKey, sessionToken, service,
                signedAt, expires);
    }

    public IamTokens cache(String c) {
        return new IamTokens(c, userId, serverless, region, accessKeyId, secretAccessKey, sessionToken, service,
                signedAt, expires);
    }

    public IamTokens credentials(String key, String secret) {
        return new IamTokens(cacheId, userId, serverless, region, key, secret, sessionToken, service, signedAt,
                expires);
    }

    private Clock clock() {
        return signedAt == null ? Clock.systemUTC() : Clock.fixed(signedAt, ZoneOffset.UTC);
    }

    /** The request AWS's example signs: GET http://<cache>/?Action=connect&User=<user>[&ResourceType=ServerlessCache]. */
    private SdkHttpFullRequest request() {
        SdkHttpFullRequest.Builder b = SdkHttpFullRequest.builder().method(SdkHttpMethod.GET)
                .uri(URI.create("http://" + cacheId + "/"))
                .appendRawQueryParameter("Action", "connect")
                .appendRawQueryParameter("User", userId);
        if (serverless) {
            b.appendRawQueryParameter("ResourceType", "ServerlessCache");
        }
        return b.build();
    }

    /** AWS's documented Java example: {@code Aws4Signer.create().presign(request, Aws4PresignerParams…)}, "http://" stripped. */
    @SuppressWarnings("deprecation")
    public String withAws4Signer() {
        Clock clock = clock();
        AwsCredentials credentials = sessionToken == null ? AwsBasicCredentials.create(accessKeyId, secretAccessKey)
                : AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken);
        Aws4PresignerParams params = Aws4PresignerParams.builder()
                .signingRegion(Region.of(region))
                .awsCredentials(credentials)
                .signingName(service)
                .signingClockOverride(clock)
                .expirationTime(clock.instant().plus(expires))
                .build();
        SdkHttpFullRequest signed = Aws4Signer.create().presign(request(), params);
        return signed.getUri().toString().replace("http://", "");
    }

    /** The SDK's current signer API, presigning into the query string. */
    public String withAwsV4HttpSigner() {
        AwsCredentialsIdentity identity = sessionToken == null
                ? AwsCredentialsIdentity.create(accessKeyId, secretAccessKey)
                : software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity.create(accessKeyId, secretAccessKey,
                        sessionToken);
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity)
                .request(request())
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock())
                .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, expires)).request();
        return signed.getUri().toString().replace("http://", "");
    }

    /** botocore's SigV4QueryAuth, run by python3 from src/test/resources/iam/botocore_token.py. */
    public String withBotocore() {
        List<String> command = new ArrayList<>(List.of("python3", script().toString(), cacheId, userId, region,
                accessKeyId, "expires=" + expires.toSeconds(), "service=" + service));
        if (serverless) {
            command.add("serverless");
        }
        if (signedAt != null) {
            command.add("at=" + signedAt.getEpochSecond());
        }
        if (sessionToken != null) {
            command.add("session-token=" + sessionToken);
        }
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write((secretAccessKey + "\n").getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("botocore_token.py failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path script() {
        try {
            return Paths.get(IamTokens.class.getResource("/iam/botocore_token.py").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "IamTokens[" + cacheId + ", " + userId + ", key " + accessKeyId + "]";
    }
}
