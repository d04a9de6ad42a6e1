package dev.cachewarden.store.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the embedded database from its tables' rows after an unclean shutdown.
 *
 * <p>H2 stores a version map by map (each table and each index is its own map), and a commit of
 * another session may change some of them while that happens (H2 issue 2080): after a {@code kill -9}
 * in the middle of a commit, the newest complete version can hold an index that is out of step with
 * its table. A lookup through that index then meets a row that is not there, which H2 takes for a
 * concurrent change and retries until its lock timeout: every request that touches the row hangs for
 * 10 s and then fails, on every start, forever. Rewriting every table into a new file (H2's own
 * {@code SCRIPT} reads the rows, not the indexes) rebuilds the indexes from the rows; the quota
 * counters are recounted the same way. It costs a second or two for a control plane's rows, and
 * only after a crash. Since {@link H2GroupCommit} stores only between transactions, this store no
 * longer writes such a version; the rebuild stays for files written before, and for a store H2 makes
 * by itself (past its auto-commit memory).
 */
final class H2Rebuild {
    private static final Logger LOG = LoggerFactory.getLogger(H2Rebuild.class);
    /**
     * Present from the start of a rebuild until the rebuilt file replaced the old one. Reading the
     * old file closes it cleanly, so after a crash during the rebuild only this says it is still due.
     */
    static final String PENDING = "rebuild-pending";
    private static final String REBUILT = "rebuilt";

    private H2Rebuild() {}

    /** Whether {@code <dataDir>/<name>.mv.db} was left by a crash (or by an unfinished rebuild). */
    static boolean needed(Path dataDir, String name) {
        Path file = dataDir.resolve(name + ".mv.db");
        return Files.isRegularFile(file) && (Files.exists(dataDir.resolve(PENDING)) || !closedCleanly(file));
    }

    /** H2 writes {@code clean:1} into the file header on a clean close only. */
    static boolean closedCleanly(Path file) {
        byte[] block = new byte[4096];
        try (var in = Files.newInputStream(file)) {
            int n = in.readNBytes(block, 0, block.length);
            String header = new String(block, 0, n, StandardCharsets.ISO_8859_1);
            int end = header.indexOf('\n');
            for (String field : (end < 0 ? header : header.substring(0, end)).trim().split(",")) {
                if (field.equals("clean:1")) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the header of " + file, e);
        }
    }

    /**
     * Rewrites {@code <dataDir>/<name>.mv.db} from its rows, then swaps the new file in (one rename,
     * so a crash leaves either file whole). {@code options} are the URL's settings after the path.
     */
    static void rebuild(Path dataDir, String name, String options) {
        long started = System.nanoTime();
        try {
            Path pending = dataDir.resolve(PENDING);
            List<String> script = new ArrayList<>();
            String retention;
            try (Connection old = DriverManager.getConnection(url(dataDir, name, options), "sa", "");
                 Statement s = old.createStatement()) {
                // Only once the file is ours (H2 refuses a file another process has open), and before
                // closing it marks it clean.
                if (!Files.exists(pending)) {
                    Files.createFile(pending);
                }
                retention = setting(s, "RETENTION_TIME");
                try (ResultSet rs = s.executeQuery("SCRIPT NOPASSWORDS NOSETTINGS")) {
                    while (rs.next()) {
                        script.add(rs.getString(1));
                    }
                }
            }
            Path rebuilt = dataDir.resolve(REBUILT + ".mv.db");
            Files.deleteIfExists(rebuilt);
            Files.deleteIfExists(dataDir.resolve(REBUILT + ".trace.db"));
            try (Connection fresh = DriverManager.getConnection(url(dataDir, REBUILT, options), "sa", "");
                 Statement s = fresh.createStatement()) {
                for (String statement : script) {
                    s.execute(statement);
                }
                if (retention != null) {
                    s.execute("SET RETENTION_TIME " + Integer.parseInt(retention));
                }
                recountQuotas(s);
                s.execute("SHUTDOWN");
            }
            Files.move(rebuilt, dataDir.resolve(name + ".mv.db"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            Files.delete(pending);
        } catch (IOException e) {
            throw new UncheckedIOException("rebuilding the embedded store in " + dataDir, e);
        } catch (SQLException e) {
            throw new StoreException("rebuilding the embedded store in " + dataDir, e);
        }
        LOG.warn("After an unclean shutdown, rebuilt the embedded store's indexes from its rows in {} ms",
                (System.nanoTime() - started) / 1_000_000);
    }

    private static String url(Path dataDir, String name, String options) {
        return "jdbc:h2:file:" + dataDir.resolve(name) + options;
    }

    private static String setting(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT setting_value FROM information_schema.settings "
                + "WHERE setting_name = '" + name + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** A counter may be as torn as an index; the rows are what counts (as in migration V3). */
    private static void recountQuotas(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.tables "
                + "WHERE table_name = 'quota_counters'")) {
            rs.next();
            if (rs.getLong(1) == 0) {
                return; // a file from before migration V3, which counts for itself
            }
        }
        for (String table : List.of(QuotaCounters.USERS, QuotaCounters.USER_GROUPS)) {
            s.executeUpdate("UPDATE quota_counters SET used = (SELECT COUNT(*) FROM " + table + ") "
                    + "WHERE resource = '" + table + "'");
        }
    }
}
