package dev.cachewarden.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The Flyway skip on restart: only an exact match of versions and Flyway's own checksums skips it. */
class AppliedMigrationsTest {
    private static JdbcDataSource h2(String name) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        return ds;
    }

    @Test
    void aFreshStoreIsNotUpToDate() {
        assertThat(AppliedMigrations.upToDate(h2("fresh"))).isFalse();
    }

    @Test
    void aStoreFlywayMigratedIsUpToDateWithTheSameChecksumsFlywayComputed() throws Exception {
        JdbcDataSource ds = h2("migrated");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        assertThat(AppliedMigrations.bundled()).isNotEmpty();
        assertThat(AppliedMigrations.upToDate(ds)).isTrue();

        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE \"flyway_schema_history\" SET \"checksum\" = \"checksum\" + 1 WHERE \"version\" = '1'");
        }
        assertThat(AppliedMigrations.upToDate(ds)).as("a changed migration goes to Flyway's validation").isFalse();
    }

    @Test
    void aStoreMissingTheNewestMigrationIsNotUpToDate() throws Exception {
        JdbcDataSource ds = h2("behind");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("1").load().migrate();
        assertThat(AppliedMigrations.upToDate(ds)).isFalse();
    }
}
