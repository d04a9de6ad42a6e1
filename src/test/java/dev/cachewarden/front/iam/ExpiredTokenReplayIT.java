package dev.cachewarden.front.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.front.RawClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A token that worked is replayed once it has expired: by its own X-Amz-Expires (2 s here), and
 * past AWS's 15 minutes. Through the front, each replay is a wrong password, on a new connection
 * and on the one the token first opened (which stays as it was: Redis keeps a connection's user
 * when a later AUTH fails).
 */
class ExpiredTokenReplayIT {
    @TempDir
    static Path dataDir;
    static IamReplicationGroup rg;

    @BeforeAll
    static void start() {
        rg = new IamReplicationGroup(dataDir);
    }

    @AfterAll
    static void stop() {
        if (rg != null) {
            rg.close();
        }
    }

    @Test
    void aTokenReplayedAfterItsExpiryIsAWrongPassword() throws Exception {
        String token = rg.tokens().expiringAfter(Duration.ofSeconds(2)).withAws4Signer();
        Instant signed = Instant.now();
        try (RawClient first = rg.client()) {
            first.command("AUTH", IamReplicationGroup.USER, token);
            assertThat(first.readLine()).isEqualTo("+OK");
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), signed.plusSeconds(3)).toMillis()));
            try (RawClient replay = rg.client()) {
                replay.command("AUTH", IamReplicationGroup.USER, token);
                assertThat(replay.readLine()).isEqualTo(IamReplicationGroup.WRONGPASS);
            }
            first.command("AUTH", IamReplicationGroup.USER, token);
            first.command("ACL", "WHOAMI");
            assertThat(first.readLine()).isEqualTo(IamReplicationGroup.WRONGPASS);
            assertThat(first.read(1)).containsExactly("$7", IamReplicationGroup.USER);
        }
    }

    @Test
    void aTokenSignedMoreThanFifteenMinutesAgoIsAWrongPassword() throws Exception {
        String old = rg.tokens().at(Instant.now().minus(Duration.ofMinutes(15)).minusSeconds(5)).withBotocore();
        try (RawClient c = rg.client()) {
            c.command("AUTH", IamReplicationGroup.USER, old);
            assertThat(c.readLine()).isEqualTo(IamReplicationGroup.WRONGPASS);
            c.command("AUTH", IamReplicationGroup.USER, rg.tokens().withBotocore());
            assertThat(c.readLine()).isEqualTo("+OK");
        }
    }
}
