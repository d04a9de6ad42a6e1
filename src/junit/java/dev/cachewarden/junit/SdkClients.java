package dev.cachewarden.junit;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;

/**
 * The only class here that names the AWS SDK. It is loaded only after {@link Cachewarden#sdkPresent()},
 * so the extension works in a test class path without the SDK.
 */
final class SdkClients {
    static final String CLIENT_CLASS = "software.amazon.awssdk.services.elasticache.ElastiCacheClient";

    private SdkClients() {}

    /** A client as a user would build one: only the endpoint differs from AWS; the HTTP client is the SDK's choice. */
    static ElastiCacheClient elastiCache(URI endpoint, String region, String accessKeyId, String secretAccessKey) {
        return ElastiCacheClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD).apiCallTimeout(Duration.ofSeconds(30)))
                .build();
    }
}
