package dev.cachewarden.store.jdbc;

import dev.cachewarden.postgres.PostgresCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** The V4 move of serverless caches, on a real PostgreSQL: the same SQL as on H2, the same result. */
class ServerlessCachesPostgresMigrationIT {
    @Test
    void aPrefixedServerlessCacheMovesToItsOwnTableOnPostgres() throws Exception {
        String url = PostgresCluster.shared().createDatabase();
        Flyway.configure().dataSource(url, PostgresCluster.USER, "").locations("classpath:db/migration").target("3")
                .load().migrate();
        try (Connection c = DriverManager.getConnection(url, PostgresCluster.USER, "")) {
            ServerlessCachesMigrationTest.seedVersion3(c);
        }
        try (JdbcStore store = JdbcStore.postgres(url, PostgresCluster.USER, "")) {
            ServerlessCachesMigrationTest.assertMigrated(store);
        }
    }
}
