package dev.cachewarden.durability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.junit.Cachewarden;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.User;

/**
 * The server restarted on a data file that a {@code kill -9} in ConcurrentKillLoopIT left with an
 * index out of step with its table (the fixture of H2RebuildTest). Before the rebuild after an
 * unclean shutdown, the first DescribeUsers got no answer within the SDK's 10 s, and none on any
 * later start either.
 */
class TornIndexRestartIT {
    @TempDir
    Path work;

    @Test
    void theFirstDescribeUsersAfterRestartingOnATornFileIsAnsweredPromptly() throws Exception {
        Path data = work.resolve("data");
        Files.createDirectories(data, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        try (InputStream in = TornIndexRestartIT.class.getResourceAsStream(
                "/dev/cachewarden/store/jdbc/torn-index.mv.db")) {
            Files.copy(in, data.resolve("cachewarden.mv.db"));
        }
        for (int start = 1; start <= 2; start++) {
            try (ServerProcess server = ServerProcess.start(work, "--data-dir", data.toString());
                 ElastiCacheClient ec = ElastiCacheClient.builder()
                         .endpointOverride(server.endpoint())
                         .region(Region.US_EAST_1)
                         .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                                 Cachewarden.DEFAULT_ACCESS_KEY_ID, Cachewarden.DEFAULT_SECRET_ACCESS_KEY)))
                         .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
                                 .apiCallTimeout(Duration.ofSeconds(10)))
                         .build()) {
                long started = System.nanoTime();
                List<User> users = ec.describeUsersPaginator(r -> r.maxRecords(100)).users().stream().toList();
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertThat(users).as("start " + start).hasSizeGreaterThan(100);
                assertThat(millis).as("start %d: DescribeUsers of every page took %d ms", start, millis)
                        .isLessThan(5_000);
                if (start == 1) {
                    server.kill(); // a second crash on the rebuilt file: rebuilt again, still answers
                }
            }
        }
    }
}
