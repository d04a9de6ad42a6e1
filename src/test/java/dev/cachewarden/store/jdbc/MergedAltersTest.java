package dev.cachewarden.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MergedAltersTest {
    @Test
    void consecutiveAddColumnsOnOneTableBecomeOneStatementAndNothingElseMoves() {
        String script = """
                -- a comment
                ALTER TABLE t ADD COLUMN a INT;
                ALTER TABLE t ADD COLUMN b VARCHAR(16) DEFAULT 'x' NOT NULL;
                ALTER TABLE u ADD COLUMN c INT;
                CREATE INDEX t_by_a ON t (a);
                ALTER TABLE t ADD COLUMN d INT;
                """;
        assertThat(MergedAlters.of(script)).isEqualTo("""
                -- a comment
                ALTER TABLE t ADD (a INT, b VARCHAR(16) DEFAULT 'x' NOT NULL);
                ALTER TABLE u ADD (c INT);
                CREATE INDEX t_by_a ON t (a);
                ALTER TABLE t ADD (d INT);
                """);
    }

    @Test
    void aScriptWithoutAltersIsUnchanged() {
        String script = "CREATE TABLE x (\n  id INT PRIMARY KEY\n);\nINSERT INTO x VALUES (1);\n";
        assertThat(MergedAlters.of(script)).isEqualTo(script);
    }

    @Test
    void aPlacedColumnStaysItsOwnStatement() {
        String script = "ALTER TABLE t ADD COLUMN a INT;\nALTER TABLE t ADD COLUMN b INT AFTER id;\nALTER TABLE t ADD COLUMN c INT;\n";
        assertThat(MergedAlters.of(script)).isEqualTo(
                "ALTER TABLE t ADD (a INT);\nALTER TABLE t ADD COLUMN b INT AFTER id;\nALTER TABLE t ADD (c INT);\n");
    }
}
