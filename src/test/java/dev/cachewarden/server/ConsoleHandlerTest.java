package dev.cachewarden.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The console's Host check: what a browser on this host sends passes, a rebound name does not. */
class ConsoleHandlerTest {
    @Test
    void loopbackHostsPass() {
        assertThat(ConsoleHandler.loopbackHost("localhost:4600")).isTrue();
        assertThat(ConsoleHandler.loopbackHost("LOCALHOST")).isTrue();
        assertThat(ConsoleHandler.loopbackHost("127.0.0.1:4600")).isTrue();
        assertThat(ConsoleHandler.loopbackHost("127.1.2.3")).isTrue();
        assertThat(ConsoleHandler.loopbackHost("[::1]:4600")).isTrue();
        assertThat(ConsoleHandler.loopbackHost(null)).isTrue();
    }

    @Test
    void otherNamesAreRefused() {
        assertThat(ConsoleHandler.loopbackHost("rebound.example:4600")).isFalse();
        assertThat(ConsoleHandler.loopbackHost("localhost.rebound.example")).isFalse();
        assertThat(ConsoleHandler.loopbackHost("127.0.0.1.nip.io")).isFalse();
        assertThat(ConsoleHandler.loopbackHost("10.0.0.5:4600")).isFalse();
        assertThat(ConsoleHandler.loopbackHost("[::2]:4600")).isFalse();
        assertThat(ConsoleHandler.loopbackHost("")).isFalse();
    }
}
