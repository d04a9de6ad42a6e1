package dev.cachewarden.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cachewarden.store.StoreUnavailableException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class StoreBackoffTest {
    @Test
    void waitsDoubleUpToTheCapAndEachOutageIsLoggedOnceWhenItBeginsAndOnceWhenItEnds() {
        Logger logger = (Logger) LoggerFactory.getLogger("StoreBackoffTest");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            StoreBackoff backoff = new StoreBackoff(logger, "worker", 3_000);
            StoreUnavailableException down = new StoreUnavailableException("connect: unavailable",
                    new ConnectException("Connection refused"));
            for (int outage = 0; outage < 2; outage++) {
                List<Long> waits = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    waits.add(backoff.failed(down));
                }
                assertThat(waits).containsExactly(250L, 500L, 1000L, 2000L, 3000L, 3000L, 3000L, 3000L);
                assertThat(backoff.inOutage()).isTrue();
                backoff.succeeded();
                backoff.succeeded();
                assertThat(backoff.inOutage()).isFalse();
            }
        } finally {
            logger.detachAppender(log);
        }
        assertThat(log.list)
                .extracting(e -> e.getLevel() + " " + e.getFormattedMessage().replaceAll(" [(0-9].*", ""))
                .containsExactly("WARN worker: the store is unavailable",
                        "INFO worker: the store answers again after", "WARN worker: the store is unavailable",
                        "INFO worker: the store answers again after");
        assertThat(log.list.get(0).getFormattedMessage()).contains("java.net.ConnectException: Connection refused");
    }
}
