package dev.cachewarden.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * The start's own way of migrating an empty H2 store must leave exactly what Flyway leaves (schema
 * and history), so that Flyway validates it and applies the next migration on top.
 */
class MigrationsTest {
    private static JdbcDataSource h2(String name) {
        JdbcDataSource ds = new JdbcDataSource();
        // the options JdbcStore opens H2 with
        ds.setURL("jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;"
                + "DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        ds.setPassword("");
        return ds;
    }

    @Test
    void anEmptyStoreGetsTheSchemaAndHistoryFlywayWouldWrite() throws Exception {
        JdbcDataSource byFlyway = h2("by-flyway");
        Migrations.flyway(byFlyway);
        JdbcDataSource byStart = h2("by-start");
        assertThat(Migrations.applyToEmpty(byStart, AppliedMigrations.bundled())).as("without Flyway").isTrue();

        // Every statement equal; H2 lists the objects by creation, and the merged ALTERs (MergedAlters)
        // rebuild fewer tables, so replication_groups comes earlier.
        assertThat(script(byStart)).containsExactlyInAnyOrderElementsOf(script(byFlyway));
        assertThat(history(byStart)).isEqualTo(history(byFlyway)).hasSizeGreaterThan(10);
        assertThat(AppliedMigrations.upToDate(byStart)).isTrue();
    }

    @Test
    void flywayValidatesTheStoreAndAppliesTheNextMigrationOnTop() throws Exception {
        JdbcDataSource ds = h2("later");
        assertThat(Migrations.applyToEmpty(ds, AppliedMigrations.bundled())).isTrue();
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().validate();
        MigrateResult later = Flyway.configure().dataSource(ds)
                .locations("classpath:db/migration", "classpath:db/later-migration").load().migrate();
        assertThat(later.migrationsExecuted).isEqualTo(1);
        assertThat(later.targetSchemaVersion).isEqualTo("999");
        assertThat(AppliedMigrations.upToDate(ds)).as("999 is not bundled").isFalse();
    }

    @Test
    void aSchemaWithTablesButNoHistoryIsLeftToFlyway() throws Exception {
        JdbcDataSource ds = h2("not-empty");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE stray (id INT)");
        }
        assertThat(Migrations.applyToEmpty(ds, AppliedMigrations.bundled())).isFalse();
        assertThat(tables(ds)).containsExactly("stray");
    }

    /** The schema as H2 writes it, without the user line (its password salt differs per database). */
    private static List<String> script(JdbcDataSource ds) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SCRIPT NODATA")) {
            while (rs.next()) {
                String line = rs.getString(1);
                if (!line.startsWith("CREATE USER")) {
                    out.add(line);
                }
            }
        }
        return out;
    }

    private static List<String> history(JdbcDataSource ds) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT \"installed_rank\", \"version\", \"description\", \"type\", \"script\","
                     + " \"checksum\", \"installed_by\", \"success\" FROM \"flyway_schema_history\" ORDER BY 1")) {
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= 8; i++) {
                    row.append(rs.getObject(i)).append('|');
                }
                out.add(row.toString());
            }
        }
        return out;
    }

    private static List<String> tables(JdbcDataSource ds) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables"
                     + " WHERE table_schema = CURRENT_SCHEMA")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
