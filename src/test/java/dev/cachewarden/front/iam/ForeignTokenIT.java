package dev.cachewarden.front.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.front.RawClient;
import dev.cachewarden.junit.Cachewarden;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4PresignerParams;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

/**
 * Tokens rightly signed by a known key, but for something else: another cache, user, region,
 * service or action, or a serverless cache's. Through the front, on a raw TLS socket, each is
 * answered as a wrong password, in order; the connection stays usable (as the user it was), so a
 * right token on it then works; and the front serves on.
 */
class ForeignTokenIT {
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

    /** A token for {@code action} instead of connect, signed by the AWS SDK as AWS's example signs. */
    @SuppressWarnings("deprecation")
    static String forAction(String action) {
        SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.GET)
                .uri(URI.create("http://rg/")).appendRawQueryParameter("Action", action)
                .appendRawQueryParameter("User", IamReplicationGroup.USER).build();
        Aws4PresignerParams params = Aws4PresignerParams.builder().signingRegion(Region.US_EAST_1)
                .awsCredentials(AwsBasicCredentials.create(Cachewarden.DEFAULT_ACCESS_KEY_ID,
                        Cachewarden.DEFAULT_SECRET_ACCESS_KEY))
                .signingName("elasticache").expirationTime(Instant.now().plusSeconds(900)).build();
        return Aws4Signer.create().presign(request, params).getUri().toString().replace("http://", "");
    }

    @Test
    void tokensForAnythingElseAreWrongPasswordsAndTheConnectionGoesOn() throws Exception {
        IamTokens t = rg.tokens();
        List<String> foreign = List.of(t.cache("other-rg").withAws4Signer(), t.user("default").withAws4Signer(),
                t.region("eu-west-1").withAws4Signer(), t.service("iam").withAwsV4HttpSigner(),
                t.service("memorydb").withBotocore(), forAction("DescribeCacheClusters"), forAction("Connect"),
                t.serverless(true).withAws4Signer());
        try (RawClient c = rg.client()) {
            for (String token : foreign) {
                c.command("AUTH", IamReplicationGroup.USER, token);
                c.command("ACL", "WHOAMI");
            }
            for (int i = 0; i < foreign.size(); i++) {
                assertThat(c.readLine()).as("token %d", i).isEqualTo(IamReplicationGroup.WRONGPASS);
                assertThat(c.read(1)).containsExactly("$7", "default");
            }
            c.command("AUTH", IamReplicationGroup.USER, t.withAws4Signer());
            c.command("ACL", "WHOAMI");
            assertThat(c.read(2)).containsExactly("+OK", "$7", IamReplicationGroup.USER);
        }
        assertThat(rg.server.server().nodes().front().serving(rg.port)).isTrue();
    }
}
