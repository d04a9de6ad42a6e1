package dev.cachewarden.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The jar finds its migrations by db/migration.index: a script missing from it would never run. */
class MigrationIndexTest {
    @Test
    void theIndexNamesEveryBundledScriptAndNothingElse() throws IOException {
        Path resources = Path.of("src/main/resources");
        try (Stream<Path> scripts = Files.list(resources.resolve("db/migration"))) {
            assertThat(Files.readAllLines(resources.resolve(AppliedMigrations.INDEX)).stream()
                    .map(String::strip).filter(line -> !line.isEmpty()))
                    .containsExactlyInAnyOrderElementsOf(scripts.map(p -> p.getFileName().toString()).toList());
        }
    }
}
