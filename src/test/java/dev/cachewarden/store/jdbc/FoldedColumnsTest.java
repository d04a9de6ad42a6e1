package dev.cachewarden.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FoldedColumnsTest {
    @Test
    void laterAddColumnsBecomeColumnsOfTheCreateTableInItsOwnScript() {
        List<String> scripts = List.of("""
                CREATE TABLE t (
                    id INT PRIMARY KEY, -- a comment
                    name VARCHAR(8)
                );
                CREATE TABLE u (
                    id INT
                );
                """, """
                ALTER TABLE t ADD COLUMN a INT DEFAULT 0 NOT NULL;
                ALTER TABLE u ADD COLUMN b INT;
                CREATE INDEX t_by_a ON t (a);
                ALTER TABLE t ADD COLUMN c INT;
                """);
        assertThat(FoldedColumns.of(scripts)).containsExactly("""
                CREATE TABLE t (
                    id INT PRIMARY KEY, -- a comment
                    name VARCHAR(8)
                    , a INT DEFAULT 0 NOT NULL
                    , c INT
                );
                CREATE TABLE u (
                    id INT
                    , b INT
                );
                """, """
                CREATE INDEX t_by_a ON t (a);
                """);
    }

    @Test
    void aTableAlteredAnyOtherWayKeepsItsLaterAltersInPlace() {
        List<String> scripts = List.of("CREATE TABLE t (\n    id INT\n);\n", """
                ALTER TABLE t ADD COLUMN a INT;
                ALTER TABLE t ADD COLUMN b INT AFTER id;
                ALTER TABLE t ADD COLUMN c INT;
                ALTER TABLE t ADD COLUMN d INT;
                ALTER TABLE v ADD COLUMN e INT;
                """);
        assertThat(FoldedColumns.of(scripts)).containsExactly("CREATE TABLE t (\n    id INT\n    , a INT\n);\n", """
                ALTER TABLE t ADD COLUMN b INT AFTER id;
                ALTER TABLE t ADD (c INT, d INT);
                ALTER TABLE v ADD (e INT);
                """);
    }
}
