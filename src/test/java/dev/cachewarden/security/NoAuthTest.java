package dev.cachewarden.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cachewarden.junit.Cachewarden;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** --no-auth: any caller is root, and the server says so loudly at start. */
class NoAuthTest {
    @Test
    void unsignedRequestsAreServedAndTheStartWarns() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.setContext(context);
        log.start();
        root.addAppender(log);
        try (Cachewarden server = Cachewarden.builder().noAuth().start();
                RawHttp http = new RawHttp("127.0.0.1", server.port())) {
            RawHttp.Answer a = http.exchange(RawHttp.request("POST", "/",
                    Map.of("Content-Type", List.of("application/x-www-form-urlencoded")),
                    "Action=DescribeUsers&Version=2015-02-02".getBytes(StandardCharsets.UTF_8), server.port()));
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.body()).contains("<UserId>default</UserId>");
            // A signature with a wrong secret is accepted too.
            assertThat(Clients.client(server.endpoint(), "ANY", "any-secret", software.amazon.awssdk.regions.Region.EU_WEST_1)
                    .describeUsers(r -> { }).users()).isNotEmpty();
        } finally {
            root.detachAppender(log);
        }
        assertThat(log.list).anySatisfy(e -> {
            assertThat(e.getLevel().toString()).isEqualTo("WARN");
            assertThat(e.getFormattedMessage()).contains("--no-auth is set: the API accepts ANY caller");
        });
    }
}
