package dev.cachewarden.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrontSectionTest {
    @TempDir
    Path dir;

    @Test
    void theFrontsTlsAndTransportAreReadFromItsLogLineForThePort() throws Exception {
        Path log = Files.writeString(dir.resolve("front.log"), """
                20:05:34.151 INFO  [transition-worker] d.c.f.FrontServer  - front listens on 127.0.0.1:11405 tls (OPENSSL) epoll for rg-001 (rg NODE)
                20:05:34.367 INFO  [transition-worker] d.c.f.FrontServer  - front listens on 127.0.0.1:30956 tls (OPENSSL) io_uring for rg-001 (rg PRIMARY)
                20:05:35.001 INFO  [transition-worker] d.c.f.FrontServer  - front listens on 127.0.0.1:30957 nio for other-001 (other PRIMARY)
                """);
        assertThat(FrontSection.frontListens(log, 30956)).isEqualTo("tls (OPENSSL) io_uring");
        assertThat(FrontSection.frontListens(log, 11405)).isEqualTo("tls (OPENSSL) epoll");
        assertThat(FrontSection.frontListens(log, 30957)).isEqualTo("nio");
        assertThat(FrontSection.frontListens(log, 3095)).isEqualTo("not found in the log");
    }
}
