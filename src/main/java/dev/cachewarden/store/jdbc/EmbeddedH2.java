package dev.cachewarden.store.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** The embedded H2 database under a store: its URLs, its data source, and the MVStore beneath a session. */
final class EmbeddedH2 {
    private EmbeddedH2() {
    }

    /**
     * Each H2 session keeps its parsed statements by SQL text, 8 by default; the store's statements
     * (dozens of kinds, IN lists of every length) pushed each other out, and parsing was about a seventh
     * of a DescribeUsers' CPU (JFR, docs/bench.md).
     */
    static final String QUERY_CACHE = ";QUERY_CACHE_SIZE=256";

    // No WRITE_DELAY for the store's own sessions: H2 runs a URL's settings as SET statements at every
    // new session, and SET WRITE_DELAY would take the stores back from H2GroupCommit.
    static final String EMBEDDED_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;"
            + "LOCK_TIMEOUT=10000" + QUERY_CACHE;

    static String embeddedUrl(Path dir) {
        return "jdbc:h2:file:" + dir.resolve(EMBEDDED_NAME) + EMBEDDED_OPTIONS;
    }

    static final String H2_URL = "jdbc:h2:";

    /** The embedded database's file name in the data dir, without H2's {@code .mv.db}. */
    static final String EMBEDDED_NAME = "cachewarden";

    /**
     * H2 is reached through its own classes, not {@link java.sql.DriverManager}: that loads and
     * initialises every JDBC driver on the class path first (PostgreSQL's too), on the start's longest path.
     */
    static javax.sql.DataSource h2DataSource(String url, String user, String password) {
        org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
        h2.setURL(url);
        h2.setUser(user);
        h2.setPassword(password);
        return h2;
    }

    static Connection anchor(String url, String user, String password) {
        try {
            return h2DataSource(url, user, password).getConnection();
        } catch (SQLException e) {
            throw StoreException.of("open " + url, e);
        }
    }

    /** The H2 store under a session of the embedded database (H2's public classes, no JDBC way to it). */
    static org.h2.mvstore.MVStore mvStore(Connection connection) {
        try {
            var session = (org.h2.engine.SessionLocal) connection.unwrap(org.h2.jdbc.JdbcConnection.class).getSession();
            return session.getDatabase().getStore().getMvStore();
        } catch (SQLException e) {
            throw StoreException.of("open the embedded store", e);
        }
    }

    /**
     * Opens a fresh embedded store's file ahead of the store: H2's engine and the new file, which log
     * nothing, so that a start can do it before logging is up and then build the store on it (the pool,
     * which logs, and the migrations). Null when the file exists: it may need the crash passes first,
     * which {@link JdbcStore#embedded(java.nio.file.Path, Durability)} runs. The caller closes what it returns once the store is open (or failed).
     */
    static AutoCloseable openFreshAhead(Path dataDir) {
        Path dir = dataDir.toAbsolutePath();
        if (java.nio.file.Files.exists(dir.resolve(EMBEDDED_NAME + ".mv.db"))) {
            return null;
        }
        AppliedMigrations.readAhead(); // while H2 opens
        Connection connection = anchor(embeddedUrl(dir), "sa", "");
        mvStore(connection).setAutoCommitDelay(-1); // as the store's own anchor: nothing stored before the migrations
        return connection;
    }
}
