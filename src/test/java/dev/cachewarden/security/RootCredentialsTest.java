package dev.cachewarden.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.auth.RootCredentials;
import dev.cachewarden.server.CachewardenServer;
import dev.cachewarden.server.ServerConfig;
import dev.cachewarden.service.ServiceSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;

/** No built-in secret: a pair is generated once into a private file, reused, and refused when exposed. */
class RootCredentialsTest {
    @TempDir
    Path dir;

    @Test
    void theFirstStartGeneratesAPrivateFileAndLaterStartsReuseIt() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        RootCredentials.KeyPair first = RootCredentials.resolve(null, null, dir, new PrintStream(printed, true));
        Path file = dir.resolve("credentials");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains("[default]").contains("aws_access_key_id = " + first.accessKeyId())
                .contains("aws_secret_access_key = " + first.secretAccessKey());
        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("AWS_SHARED_CREDENTIALS_FILE=" + file.toAbsolutePath())
                .doesNotContain(first.secretAccessKey());
        assertThat(first.secretAccessKey()).hasSizeGreaterThanOrEqualTo(40);

        RootCredentials.KeyPair again = RootCredentials.resolve(null, null, dir, new PrintStream(new ByteArrayOutputStream()));
        assertThat(again).isEqualTo(first);
        assertThat(RootCredentials.resolve(null, null, Files.createDirectory(dir.resolve("other")),
                new PrintStream(new ByteArrayOutputStream()))).isNotEqualTo(first);
    }

    @Test
    void aCredentialsFileOthersCanReadIsRefused() throws Exception {
        RootCredentials.resolve(null, null, dir, new PrintStream(new ByteArrayOutputStream()));
        Files.setPosixFilePermissions(dir.resolve("credentials"), PosixFilePermissions.fromString("rw-r-----"));
        assertThatThrownBy(() -> RootCredentials.resolve(null, null, dir, new PrintStream(new ByteArrayOutputStream())))
                .hasMessageContaining("holds secrets but its mode is rw-r-----");
    }

    @Test
    void inMemoryRunsPrintAPairAndWriteNothing() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        RootCredentials.KeyPair pair = RootCredentials.resolve(null, null, null, new PrintStream(printed, true));
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("export AWS_ACCESS_KEY_ID=" + pair.accessKeyId())
                .contains("export AWS_SECRET_ACCESS_KEY=" + pair.secretAccessKey());
        assertThat(pair.toString()).doesNotContain(pair.secretAccessKey());
    }

    @Test
    void halfAPairIsAnError() {
        assertThatThrownBy(() -> RootCredentials.resolve("AKID", null, dir, System.out))
                .hasMessageContaining("Set both CACHEWARDEN_ACCESS_KEY_ID and CACHEWARDEN_SECRET_ACCESS_KEY");
        assertThat(dir.resolve("credentials")).doesNotExist();
    }

    @Test
    void aServerWithoutConfiguredKeysServesTheGeneratedPairOnly() throws Exception {
        Path data = dir.resolve("data");
        ServerConfig config = new ServerConfig("127.0.0.1", 0, data, false, null, null, null, "us-east-1",
                "000000000000", Duration.ZERO, ServiceSettings.Quotas.AWS_DEFAULTS, null, null);
        try (CachewardenServer server = new CachewardenServer(config)) {
            server.start();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
            URI endpoint = URI.create("http://127.0.0.1:" + server.port());
            RootCredentials.KeyPair pair = RootCredentials.resolve(null, null, data, new PrintStream(new ByteArrayOutputStream()));
            assertThat(Clients.client(endpoint, pair.accessKeyId(), pair.secretAccessKey(), Region.US_EAST_1)
                    .describeUsers(r -> { }).users()).isNotEmpty();
            assertThatThrownBy(() -> Clients.client(endpoint, "AKIDCACHEWARDENTEST", "cachewarden-test-secret-key",
                    Region.US_EAST_1).describeUsers(r -> { }))
                    .hasMessageContaining("The security token included in the request is invalid.").hasMessageContaining("403");
        }
    }
}
