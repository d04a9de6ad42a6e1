package dev.cachewarden.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.cachewarden.junit.Cachewarden;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;

/**
 * A user's password and the API's secret key are nowhere to be found after a session that set,
 * changed, described and mistyped them: not in the data dir's files, the log (at DEBUG), or the answers.
 */
class SecretsNeverLeakTest {
    static final String PASSWORD = "Correct-Horse-Battery-Staple-42";
    static final String NEW_PASSWORD = "Another-Long-Password-For-Rotation";

    @TempDir
    Path data;

    @Test
    void passwordsAndSecretKeysAppearNowhere() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.setContext(context);
        log.start();
        root.addAppender(log);
        root.setLevel(Level.DEBUG);
        StringBuilder answers = new StringBuilder();
        try (Cachewarden server = Cachewarden.builder().dataDir(data).start()) {
            ElastiCacheClient ec = server.client();
            answers.append(ec.createUser(r -> r.userId("alice").userName("alice").engine("redis")
                    .accessString("on ~* +@all").passwords(PASSWORD)));
            answers.append(ec.modifyUser(r -> r.userId("alice").passwords(PASSWORD, NEW_PASSWORD)));
            answers.append(ec.describeUsers(r -> r.userId("alice")));
            // A refused request that carries the password must not echo it either.
            assertThatThrownBy(() -> ec.createUser(r -> r.userId("alice").userName("alice").engine("redis")
                    .accessString("on ~* +@all").passwords(PASSWORD)))
                    .satisfies(e -> answers.append(e.getMessage()));
            assertThatThrownBy(() -> ec.modifyUser(r -> r.userId("alice").passwords(PASSWORD).noPasswordRequired(true)))
                    .satisfies(e -> answers.append(e.getMessage()));
        } finally {
            root.detachAppender(log);
            root.setLevel(before);
        }
        String logText = String.join("\n", log.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList());
        assertThat(log.list).as("the log was captured").isNotEmpty();
        for (String secret : List.of(PASSWORD, NEW_PASSWORD, Cachewarden.DEFAULT_SECRET_ACCESS_KEY)) {
            assertThat(logText).doesNotContain(secret);
            assertThat(answers.toString()).doesNotContain(secret);
            assertThat(filesContaining(data, secret)).as("files under the data dir holding " + secret).isEmpty();
        }
        assertThat(answers.toString()).contains("alice");
        // The search can find what is stored: the access string is kept as plain text.
        assertThat(filesContaining(data, "on ~* +@all")).isNotEmpty();
    }

    /** Searches every file's bytes for the secret as UTF-8 and as UTF-16 (either could hold a Java string). */
    static List<Path> filesContaining(Path dir, String secret) throws IOException {
        byte[][] needles = {secret.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_16BE),
                secret.getBytes(StandardCharsets.UTF_16LE)};
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            assertThat(all).as("the data dir holds the store's files").isNotEmpty();
            return all.stream().filter(f -> {
                try {
                    byte[] bytes = Files.readAllBytes(f);
                    for (byte[] needle : needles) {
                        if (indexOf(bytes, needle) >= 0) {
                            return true;
                        }
                    }
                    return false;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
