package dev.cachewarden.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plain JDBC on one connection, with the checked exceptions turned into {@link StoreException}, or
 * {@link dev.cachewarden.store.StoreUnavailableException} when the database cannot be reached.
 */
final class Jdbc {
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final Connection connection;
    /** Called before every statement that writes (see {@link H2GroupCommit.Writer}). */
    private final Runnable beforeWrite;

    /**
     * The dialect where the two differ. A failed statement: PostgreSQL refuses every later statement of
     * a transaction with a failed one, so it needs a savepoint to undo it alone; H2 undoes just the
     * failed statement by itself. A row lock: see {@link #lockRow}.
     */
    private final boolean h2;

    Jdbc(Connection connection, Runnable beforeWrite, boolean h2) {
        this.connection = connection;
        this.beforeWrite = beforeWrite;
        this.h2 = h2;
    }

    <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        if (sql.contains("FOR UPDATE")) {
            beforeWrite.run(); // a locking read writes its lock into the row
        }
        try (PreparedStatement ps = prepare(sql, params); ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        } catch (SQLException e) {
            throw StoreException.of(sql, e);
        }
    }

    <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = query(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    int update(String sql, Object... params) {
        beforeWrite.run();
        try (PreparedStatement ps = prepare(sql, params)) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw StoreException.of(sql, e);
        }
    }

    /**
     * @return false instead of failing when the row's key already exists. On PostgreSQL a savepoint
     *     undoes just the failed insert (see {@link #h2}); H2 needs none.
     */
    boolean insertUnlessExists(String sql, Object... params) {
        beforeWrite.run();
        Savepoint savepoint = null;
        boolean prepared = false;
        try (PreparedStatement ps = prepare(sql, params)) {
            prepared = true;
            if (!h2) {
                savepoint = connection.setSavepoint();
            }
            ps.executeUpdate();
            if (savepoint != null) {
                connection.releaseSavepoint(savepoint);
            }
            return true;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState()) && prepared && (savepoint != null || h2)) {
                if (savepoint != null) {
                    rollbackTo(savepoint, sql);
                }
                return false;
            }
            throw StoreException.of(sql, e);
        }
    }

    /**
     * Locks one row until the transaction ends; false if there is none. H2 never keeps a parsed
     * {@code SELECT … FOR UPDATE} (its query cache skips them), so there the lock is an update that
     * changes nothing, {@code sameValueUpdate}, which it keeps parsed and which locks as the select
     * would (a sixth of a ModifyUserGroup's CPU was parsing and planning the select); PostgreSQL, where
     * an update writes a new row version, keeps {@code forUpdate}.
     */
    boolean lockRow(String sameValueUpdate, String forUpdate, Object key) {
        if (h2) {
            return update(sameValueUpdate, key) > 0;
        }
        return !query(forUpdate, rs -> Boolean.TRUE, key).isEmpty();
    }

    private void rollbackTo(Savepoint savepoint, String sql) {
        try {
            connection.rollback(savepoint);
        } catch (SQLException e) {
            throw StoreException.of(sql, e);
        }
    }

    private PreparedStatement prepare(String sql, Object... params) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
        return ps;
    }

    /** A comma-joined list column; null for an empty list keeps "no pending change" distinct. */
    static String joinOrNull(List<String> values) {
        return values == null || values.isEmpty() ? null : String.join(",", values);
    }

    static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(","));
    }
}
