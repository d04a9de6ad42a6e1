package dev.cachewarden.store.jdbc;

import dev.cachewarden.store.jdbc.AppliedMigrations.Bundled;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Brings a store's schema to the bundled migrations, which stay the one source of truth. Flyway does
 * it, except in the two cases a start meets most, where loading Flyway (its classes, its classpath
 * scan, its SQL parser) was most of the store's start: a store already up to date is left alone, and
 * an empty embedded (H2) store gets the bundled scripts run in order by H2 itself, with the history
 * rows Flyway would have written, so that Flyway takes over unchanged for the next migration.
 * PostgreSQL always goes through Flyway.
 */
final class Migrations {
    static final String HISTORY = "flyway_schema_history";

    private Migrations() {
    }

    static void migrate(DataSource dataSource, boolean h2) {
        migrate(dataSource, h2, false);
    }

    /**
     * As above; {@code fresh}: an embedded file this start created, which has no history to read (asking
     * H2's metadata for it was a tenth of a fresh store's opening). applyToEmpty still checks it is empty.
     */
    static void migrate(DataSource dataSource, boolean h2, boolean fresh) {
        try {
            Map<String, Integer> applied = fresh && h2 ? null : AppliedMigrations.applied(dataSource);
            List<Bundled> bundled = AppliedMigrations.bundled();
            if (applied != null && AppliedMigrations.upToDate(applied, bundled)) {
                return;
            }
            if (applied == null && h2 && !bundled.isEmpty() && applyToEmpty(dataSource, bundled)) {
                return;
            }
        } catch (java.io.IOException | java.net.URISyntaxException | SQLException | RuntimeException e) {
            // any doubt: Flyway decides (and says what is wrong)
        }
        flyway(dataSource);
    }

    static void flyway(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    /**
     * Runs every bundled script on an H2 store with no table yet, then writes Flyway's history table
     * and rows as Flyway 13 writes them on H2 (MigrationsTest compares the two). False, having done
     * nothing, when the schema is not empty. On the embedded file nothing reaches the disk before the
     * first group commit, so a crash half-way leaves the file empty, as with Flyway.
     */
    static boolean applyToEmpty(DataSource dataSource, List<Bundled> bundled) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.tables"
                    + " WHERE table_schema = CURRENT_SCHEMA")) {
                rs.next();
                if (rs.getLong(1) != 0) {
                    c.rollback();
                    return false;
                }
            }
            String user;
            try (ResultSet rs = s.executeQuery("SELECT CURRENT_USER")) {
                rs.next();
                user = rs.getString(1);
            }
            s.execute("CREATE TABLE \"" + HISTORY + "\" (\"installed_rank\" INT NOT NULL, \"version\" VARCHAR(50),"
                    + " \"description\" VARCHAR(200) NOT NULL, \"type\" VARCHAR(20) NOT NULL,"
                    + " \"script\" VARCHAR(1000) NOT NULL, \"checksum\" INT, \"installed_by\" VARCHAR(100) NOT NULL,"
                    + " \"installed_on\" TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL, \"execution_time\" INT NOT NULL,"
                    + " \"success\" BOOLEAN NOT NULL, CONSTRAINT \"" + HISTORY + "_pk\" PRIMARY KEY (\"installed_rank\"))");
            s.execute("CREATE INDEX \"" + HISTORY + "_s_idx\" ON \"" + HISTORY + "\" (\"success\")");
            String insert = "INSERT INTO \"" + HISTORY + "\" (\"installed_rank\", \"version\", \"description\", \"type\","
                    + " \"script\", \"checksum\", \"installed_by\", \"execution_time\", \"success\")"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, TRUE)";
            try (PreparedStatement row = c.prepareStatement(insert)) {
                // Flyway's marker for a history table it created
                history(row, -1, null, "<< Flyway Schema History table created >>", "TABLE", "", null, user, 0);
                int rank = 1;
                List<String> scripts = FoldedColumns.of(bundled.stream().map(Bundled::sql).toList());
                for (Bundled m : bundled) {
                    long started = System.nanoTime();
                    s.execute(scripts.get(rank - 1)); // H2 runs a script's statements one after the other
                    int millis = (int) ((System.nanoTime() - started) / 1_000_000);
                    history(row, rank++, m.version(), m.description(), "SQL", m.script(), m.checksum(), user, millis);
                }
            }
            c.commit();
            return true;
        }
    }

    private static void history(PreparedStatement row, int rank, String version, String description, String type,
                                String script, Integer checksum, String user, int millis) throws SQLException {
        row.setInt(1, rank);
        row.setString(2, version);
        row.setString(3, description);
        row.setString(4, type);
        row.setString(5, script);
        row.setObject(6, checksum, java.sql.Types.INTEGER);
        row.setString(7, user);
        row.setInt(8, millis);
        row.executeUpdate();
    }
}
