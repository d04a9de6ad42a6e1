package dev.cachewarden.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.store.jdbc.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An external cache's front fields: how they read, what is refused, and which ports get published. */
class ExternalCachesFrontTest {
    @TempDir
    Path dir;

    private Path file(String... lines) throws Exception {
        Path password = dir.resolve("ops.password");
        Files.writeString(password, "ops-admin-password\n");
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
        Path file = dir.resolve("external.properties");
        Files.writeString(file, String.join("\n", "legacy.nodes = 10.0.0.5:6379, 10.0.0.6:6380",
                "legacy.admin-user = ops", "legacy.admin-password-file = " + password, "legacy.tls = true",
                String.join("\n", lines), ""));
        return file;
    }

    @Test
    void withoutAFrontTheServersArePublishedAsBefore() throws Exception {
        ExternalCaches.ExternalCache c = ExternalCaches.read(file()).get(0);
        assertThat(c.front()).isFalse();
        try (JdbcStore store = JdbcStore.inMemory("ext-" + UUID.randomUUID())) {
            Map<String, List<CacheNode>> published = ExternalCaches.register(store, List.of(c), 0);
            assertThat(published.get("legacy")).containsExactly(new CacheNode("legacy-001", "10.0.0.5", 6379, true),
                    new CacheNode("legacy-002", "10.0.0.6", 6380, false));
        }
    }

    @Test
    void listedFrontPortsArePublishedOnLoopbackAndTheServersKeptForAdministration() throws Exception {
        ExternalCaches.ExternalCache c = ExternalCaches.read(file("legacy.front-ports = 7100, 7101")).get(0);
        assertThat(c.front()).isTrue();
        try (JdbcStore store = JdbcStore.inMemory("ext-" + UUID.randomUUID())) {
            List<CacheNode> published = ExternalCaches.register(store, List.of(c), 0).get("legacy");
            assertThat(published).containsExactly(new CacheNode("legacy-001", "127.0.0.1", 7100, true),
                    new CacheNode("legacy-002", "127.0.0.1", 7101, false));
            assertThat(c.access().address(published.get(1), true))
                    .satisfies(a -> assertThat(a.host() + ":" + a.port()).isEqualTo("10.0.0.6:6380"));
        }
    }

    @Test
    void aFrontBindAddressIsWhatTheEndpointsPublish() throws Exception {
        ExternalCaches.ExternalCache c = ExternalCaches.read(file("legacy.front-ports = 7100, 7101",
                "legacy.front-bind = 10.0.0.9")).get(0);
        try (JdbcStore store = JdbcStore.inMemory("ext-" + UUID.randomUUID())) {
            assertThat(ExternalCaches.register(store, List.of(c), 0).get("legacy"))
                    .extracting(CacheNode::host).containsExactly("10.0.0.9", "10.0.0.9");
        }
    }

    @Test
    void chosenFrontPortsAreKeptFromOneStartToTheNext() throws Exception {
        ExternalCaches.ExternalCache c = ExternalCaches.read(file("legacy.front = true")).get(0);
        try (JdbcStore store = JdbcStore.inMemory("ext-" + UUID.randomUUID())) {
            List<CacheNode> first = ExternalCaches.register(store, List.of(c), 0).get("legacy");
            assertThat(first).allSatisfy(n -> assertThat(n.host()).isEqualTo("127.0.0.1"));
            assertThat(first.get(0).port()).isNotEqualTo(first.get(1).port());
            assertThat(ExternalCaches.register(store, List.of(c), 0).get("legacy")).isEqualTo(first);
            // Switched off, the servers are published again.
            ExternalCaches.ExternalCache off = ExternalCaches.read(file("legacy.front = false")).get(0);
            assertThat(ExternalCaches.register(store, List.of(off), 0).get("legacy").get(0).port()).isEqualTo(6379);
        }
    }

    @Test
    void aFrontPortAnotherCachePublishesIsRefused() throws Exception {
        Path twoFile = file("legacy.front-ports = 7100, 7101", "other.nodes = 10.0.0.7:6379",
                "other.admin-user = ops", "other.admin-password-file = " + dir.resolve("ops.password"),
                "other.front-ports = 7101");
        List<ExternalCaches.ExternalCache> two = ExternalCaches.read(twoFile);
        try (JdbcStore store = JdbcStore.inMemory("ext-" + UUID.randomUUID())) {
            assertThatThrownBy(() -> ExternalCaches.register(store, two, 0)).hasMessageContaining("front port 7101");
        }
    }

    @Test
    void badFrontFieldsAreRefusedNamingTheField() throws Exception {
        assertThatThrownBy(() -> ExternalCaches.read(file("legacy.front-ports = 7100")))
                .hasMessageContaining("legacy.front-ports lists 1 port(s) for 2 node(s)");
        assertThatThrownBy(() -> ExternalCaches.read(file("legacy.front-ports = 7100, 7100")))
                .hasMessageContaining("7100 is listed twice");
        assertThatThrownBy(() -> ExternalCaches.read(file("legacy.front-ports = 7100, 70000")))
                .hasMessageContaining("70000 is not a port");
        assertThatThrownBy(() -> ExternalCaches.read(file("legacy.front = yes")))
                .hasMessageContaining("legacy.front must be true or false");
        assertThatThrownBy(() -> ExternalCaches.read(file("legacy.front = false", "legacy.front-ports = 1, 2")))
                .hasMessageContaining("legacy.front-ports is set but legacy.front is false");
        assertThatThrownBy(() -> ExternalCaches.read(file("legacy.front = true", "legacy.front-bind = cache.example")))
                .hasMessageContaining("legacy.front-bind must be an IP address, not 'cache.example'");
        assertThatThrownBy(() -> ExternalCaches.read(file("legacy.front = true", "legacy.front-bind = 0.0.0.0")))
                .hasMessageContaining("legacy.front-bind must be one address");
        assertThatThrownBy(() -> ExternalCaches.read(file("legacy.frontports = 1, 2")))
                .hasMessageContaining("unknown field legacy.frontports");
    }
}
