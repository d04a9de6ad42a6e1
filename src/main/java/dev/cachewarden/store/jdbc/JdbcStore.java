package dev.cachewarden.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cachewarden.store.ReplicationGroupRepository;
import dev.cachewarden.store.ServerlessCacheRepository;
import dev.cachewarden.store.Store;
import dev.cachewarden.store.TagRepository;
import dev.cachewarden.store.TaskQueue;
import dev.cachewarden.store.Transaction;
import dev.cachewarden.store.UserGroupRepository;
import dev.cachewarden.store.UserRepository;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Properties;

/**
 * The one store implementation, for the embedded H2 file database and for PostgreSQL: the SQL keeps
 * to what both understand ({@code FETCH FIRST}, {@code FOR UPDATE SKIP LOCKED}, no {@code RETURNING}).
 */
public final class JdbcStore implements Store {
    private static final int ATTEMPTS = 5;

    private final HikariDataSource dataSource;
    private final boolean exclusive;
    /** The embedded file store's one open session of its own: H2 keeps the database open while it is. */
    private final Connection anchor;
    /** The embedded file store's commits; null for the in-memory store and PostgreSQL. */
    private final H2GroupCommit groupCommit;
    private final WriteGenerations writes = new WriteGenerations();

    /**
     * How long a caller waits for a pooled connection. While the database is down no connection comes,
     * so this is what bounds a request's answer (ServiceUnavailable) instead of Hikari's 30 s default.
     */
    static final long CONNECTION_TIMEOUT_MILLIS = 1_000;
    /** How long a pooled connection gets to prove it is alive before it is handed out (Hikari's minimum is 250). */
    static final long VALIDATION_TIMEOUT_MILLIS = 500;

    /** How long a caller waits for a connection while all are busy but the database answers (Hikari's old default). */
    private static final long BUSY_WAIT_NANOS = 30_000_000_000L;
    /** H2's SNAPSHOT level: every read of a transaction sees one snapshot. */
    private static final int H2_SNAPSHOT = org.h2.engine.Constants.TRANSACTION_SNAPSHOT;

    /** The isolation level at which every statement of a transaction reads the same snapshot. */
    private final int snapshotIsolation;
    /** H2 (file or memory): a failed statement is undone alone, no savepoint needed ({@link Jdbc}). */
    private final boolean h2;

    private JdbcStore(String url, String user, String password, int poolSize, boolean exclusive, String initSql,
                      Properties driverProperties, int snapshotIsolation, Durability durability, boolean fresh) {
        this.exclusive = exclusive;
        this.snapshotIsolation = snapshotIsolation;
        this.h2 = url.startsWith("jdbc:h2:");
        this.anchor = durability == null ? null : EmbeddedH2.anchor(url, user, password);
        if (anchor != null) {
            // At once: no background writer storing in the middle of a migration. Migrations then reach
            // the file with the first group commit's store, right after them.
            EmbeddedH2.mvStore(anchor).setAutoCommitDelay(-1);
        }
        // Configured in place: new HikariDataSource(config) copies every setting over by reflection, whose
        // field accessors (method handles spun at run time) were a seventh of a fresh store's opening.
        HikariDataSource pool = new HikariDataSource();
        pool.setConnectionInitSql(initSql);
        if (url.startsWith(EmbeddedH2.H2_URL)) {
            pool.setDataSource(EmbeddedH2.h2DataSource(url, user, password));
        } else {
            pool.setJdbcUrl(url);
            pool.setUsername(user);
            pool.setPassword(password);
            pool.setDataSourceProperties(driverProperties);
        }
        pool.setMaximumPoolSize(poolSize);
        pool.setAutoCommit(false);
        pool.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        pool.setPoolName("cachewarden-store");
        pool.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        pool.setValidationTimeout(VALIDATION_TIMEOUT_MILLIS);
        try {
            this.dataSource = started(pool);
            Migrations.migrate(dataSource, url.startsWith(EmbeddedH2.H2_URL), fresh);
            this.groupCommit = anchor == null ? null : new H2GroupCommit(EmbeddedH2.mvStore(anchor), durability);
        } catch (RuntimeException e) {
            closeAnchor(e);
            throw e;
        }
    }

    /**
     * The pool started now, as {@code new HikariDataSource(config)} starts it: a database it cannot reach
     * stops the start here, with the driver's reason.
     */
    private static HikariDataSource started(HikariDataSource pool) {
        try {
            pool.getConnection().close();
            return pool;
        } catch (SQLException e) {
            pool.close();
            throw StoreException.of("start the connection pool", e);
        }
    }

    /** The embedded store under {@code dataDir}, its acknowledged changes safe from a crash of this process. */
    public static JdbcStore embedded(Path dataDir) {
        return embedded(dataDir, Durability.PROCESS_CRASH);
    }

    /**
     * The embedded store under {@code dataDir}. Once open, {@link H2GroupCommit} does every store of the
     * file: between transactions, one for all commits waiting, each answered only once its store is
     * written (and, for {@link Durability#POWER_LOSS}, forced to the disk), the migrations included. H2's own
     * reopening after a crash can miss the newest commits, so {@link H2CrashRecovery} reopens the newest
     * complete version first; {@link H2Rebuild} then rebuilds the indexes from the rows, which also
     * mends a file from before the group commit, whose stored versions could tear a transaction.
     * H2 locks the file, so one process at a time: the store is exclusive.
     */
    public static JdbcStore embedded(Path dataDir, Durability durability) {
        return embedded(dataDir, durability, null);
    }

    /**
     * As {@link #embedded(Path, Durability)}, on a file {@link #openFreshAhead} made and still holds open
     * ({@code ahead}, closed by the caller once this returned), or with {@code ahead} null as above.
     */
    public static JdbcStore embedded(Path dataDir, Durability durability, AutoCloseable ahead) {
        Path dir = dataDir.toAbsolutePath();
        boolean fresh = ahead != null || !java.nio.file.Files.exists(dir.resolve(EmbeddedH2.EMBEDDED_NAME + ".mv.db"));
        AppliedMigrations.readAhead(); // while H2 opens
        // Only a file H2 did not close cleanly needs either pass (each reads the whole file): after a clean
        // close the header names the newest chunk. Asked before the recovery, which closes the file cleanly.
        // A file opened ahead was made moments ago by this process, and is open.
        if (ahead == null && H2Rebuild.needed(dir, EmbeddedH2.EMBEDDED_NAME)) {
            H2CrashRecovery.recover(dir.resolve(EmbeddedH2.EMBEDDED_NAME + ".mv.db"));
            H2Rebuild.rebuild(dir, EmbeddedH2.EMBEDDED_NAME, EmbeddedH2.EMBEDDED_OPTIONS + ";WRITE_DELAY=0"); // one session: a store per commit
        }
        return new JdbcStore(EmbeddedH2.embeddedUrl(dir), "sa", "", 10, true, null,
                new Properties(), H2_SNAPSHOT, java.util.Objects.requireNonNull(durability), fresh);
    }

    /**
     * Opens a fresh embedded store's file ahead of the store (see {@link EmbeddedH2#openFreshAhead}); null
     * when the file exists. The caller closes what it returns once the store is open (or failed).
     */
    public static AutoCloseable openFreshAhead(Path dataDir) {
        return EmbeddedH2.openFreshAhead(dataDir);
    }

    /** An in-memory store that lives as long as this object; for tests and throwaway runs. */
    public static JdbcStore inMemory(String name) {
        return new JdbcStore("jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;DB_CLOSE_DELAY=-1" + EmbeddedH2.QUERY_CACHE, "sa", "", 10, true, null,
                new Properties(), H2_SNAPSHOT, null, false);
    }

    /**
     * A PostgreSQL database, which several instances may share: not exclusive.
     *
     * <p>Every wait on the database is bounded, so that while it is unreachable a request is answered
     * (ServiceUnavailable) within about a second instead of hanging: a new connection gets 1 s to
     * connect and 2 s to log in, a statement's answer 4 s on the socket (a network that drops packets
     * never closes a connection), and a row lock 2 s. Locks here are held only for a transaction's few
     * statements, never across node work, so 2 s is long; a lock timeout is retried like a deadlock.
     * The socket timeout stays above the lock timeout so that a lock wait ends as a retryable lock
     * timeout, not as a broken connection. Parameters given in the URL win over these.
     */
    public static JdbcStore postgres(String url, String user, String password) {
        Properties driver = new Properties();
        driver.setProperty("connectTimeout", "1");
        driver.setProperty("loginTimeout", "2");
        driver.setProperty("socketTimeout", "4");
        driver.setProperty("tcpKeepAlive", "true");
        // PostgreSQL's REPEATABLE READ takes one snapshot for the whole transaction.
        return new JdbcStore(url, user, password, 10, false, "SET lock_timeout = '2s'", driver,
                Connection.TRANSACTION_REPEATABLE_READ, null, false);
    }

    /** The embedded file store's group commit; null otherwise. */
    H2GroupCommit groupCommit() {
        return groupCommit;
    }

    @Override
    public boolean exclusive() {
        return exclusive;
    }

    /** Known only when no other process writes this database (embedded); PostgreSQL may be shared. */
    @Override
    public long writeGeneration() {
        return exclusive ? writes.generation() : -1;
    }

    @Override
    public <T> T inTransaction(Work<T> work) {
        return withRetries(work, false);
    }

    @Override
    public <T> T readSnapshot(Work<T> work) {
        return withRetries(work, true);
    }

    private <T> T withRetries(Work<T> work, boolean snapshot) {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(work, snapshot);
            } catch (StoreException e) {
                if (!e.retryable() || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * One attempt. A failed rollback (the connection is gone) is attached to the failure that caused
     * it rather than replacing it: the first failure says what happened. On the embedded file store a
     * transaction writes inside {@link H2GroupCommit}'s gate and returns once its commit is stored; a
     * snapshot read returns once every commit it may have seen is.
     */
    private <T> T once(Work<T> work, boolean snapshot) {
        H2GroupCommit.Writer writer = groupCommit == null || snapshot ? null : groupCommit.writer();
        WriteGenerations.Tracker tracker = writes.open();
        long ticket = 0;
        T result;
        Connection connection = connect();
        try (connection) {
            try {
                if (snapshot) {
                    // A pooled connection may hold an implicit transaction (the driver's validation query
                    // began one), and the isolation level cannot change inside it: end it first. On a
                    // dead connection this fails as the outage it is. Hikari puts both settings back
                    // to the pool's defaults when the connection returns.
                    connection.rollback();
                    connection.setTransactionIsolation(snapshotIsolation);
                    connection.setReadOnly(true);
                }
                result = work.run(new JdbcTransaction(snapshot ? new Jdbc(connection, () -> { }, h2) : writer == null
                        ? new Jdbc(connection, tracker::beforeWrite, h2)
                        : new Jdbc(connection, () -> {
                            tracker.beforeWrite();
                            writer.beforeWrite();
                        }, h2)));
                if (writer == null) {
                    connection.commit();
                } else {
                    ticket = writer.commit(connection::commit);
                }
            } catch (RuntimeException | SQLException e) {
                try {
                    connection.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e instanceof SQLException sql ? StoreException.of("commit", sql) : (RuntimeException) e;
            } finally {
                tracker.end(); // after the commit or rollback: readers' cached answers are stale from here
                if (writer != null) {
                    writer.end();
                }
            }
        } catch (SQLException e) {
            throw StoreException.of("close", e);
        }
        if (groupCommit != null) {
            groupCommit.awaitDurable(snapshot ? groupCommit.latest() : ticket);
        }
        return result;
    }

    /**
     * A pooled connection. The pool's timeout without a cause means every connection is busy while the
     * database answers: that is load, not an outage, so the wait goes on up to {@link #BUSY_WAIT_NANOS}.
     * With a cause (the last attempt to connect failed) the database is unreachable: fail fast.
     */
    private Connection connect() {
        long deadline = System.nanoTime() + BUSY_WAIT_NANOS;
        while (true) {
            try {
                return dataSource.getConnection();
            } catch (SQLTransientConnectionException e) {
                if (e.getCause() != null || System.nanoTime() - deadline > 0) {
                    throw StoreException.of("connect", e);
                }
            } catch (SQLException e) {
                throw StoreException.of("connect", e);
            }
        }
    }

    @Override
    public void close() {
        dataSource.close();
        if (groupCommit != null) {
            groupCommit.close(); // its compaction thread, before the database closes
        }
        closeAnchor(null);
    }

    /** The last session to close closes the embedded database (cleanly, storing what is left). */
    private void closeAnchor(RuntimeException failure) {
        if (anchor == null) {
            return;
        }
        try {
            anchor.close();
        } catch (SQLException e) {
            RuntimeException closing = StoreException.of("close the embedded store", e);
            if (failure == null) {
                throw closing;
            }
            failure.addSuppressed(closing);
        }
    }

    private record JdbcTransaction(Jdbc jdbc) implements Transaction {
        @Override
        public UserRepository users() {
            return new JdbcUserRepository(jdbc);
        }

        @Override
        public UserGroupRepository userGroups() {
            return new JdbcUserGroupRepository(jdbc);
        }

        @Override
        public TagRepository tags() {
            return new JdbcTagRepository(jdbc);
        }

        @Override
        public TaskQueue tasks() {
            return new JdbcTaskQueue(jdbc);
        }

        @Override
        public ReplicationGroupRepository replicationGroups() {
            return new JdbcReplicationGroupRepository(jdbc);
        }

        @Override
        public ServerlessCacheRepository serverlessCaches() {
            return new JdbcServerlessCacheRepository(jdbc);
        }

        @Override
        public dev.cachewarden.store.EventRepository events() {
            return new JdbcEventRepository(jdbc);
        }

        @Override
        public dev.cachewarden.store.CacheSubnetGroupRepository cacheSubnetGroups() {
            return new JdbcCacheSubnetGroupRepository(jdbc);
        }

        @Override
        public dev.cachewarden.store.CacheParameterGroupRepository cacheParameterGroups() {
            return new JdbcCacheParameterGroupRepository(jdbc);
        }

        @Override
        public dev.cachewarden.store.ReplicationGroupCacheGroupRepository replicationGroupCacheGroups() {
            return new JdbcReplicationGroupCacheGroupRepository(jdbc);
        }

        @Override
        public dev.cachewarden.store.CacheSettingsRepository cacheSettings() {
            return new JdbcCacheSettingsRepository(jdbc);
        }
    }
}
