package dev.cachewarden.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLogLayoutTest {
    @Test
    void escapesWhatWouldBreakTheLine() throws Exception {
        LoggerContext context = new LoggerContext();
        LoggingEvent event = new LoggingEvent("x", context.getLogger("dev.cachewarden.requests"), Level.INFO,
                "a \"quoted\"\nmulti-line \\ message\u0001", null, null);
        event.setMDCPropertyMap(Map.of("requestId", "r-1", "status", "200", "code", "OK"));
        String line = new JsonLogLayout().doLayout(event);
        assertThat(line).endsWith("}\n").doesNotContain("\n{").hasLineCount(1);
        JsonNode node = new ObjectMapper().readTree(line);
        assertThat(node.path("message").asText()).isEqualTo("a \"quoted\"\nmulti-line \\ message\u0001");
        assertThat(node.path("status").isNumber()).isTrue();
        assertThat(node.path("requestId").asText()).isEqualTo("r-1");
        assertThat(node.path("level").asText()).isEqualTo("INFO");
    }

    @Test
    void anUnknownFormatIsRefused() {
        assertThatThrownBy(() -> LogConfigurator.encoder(new LoggerContext(), "xml"))
                .hasMessageContaining("neither text nor json");
    }
}
