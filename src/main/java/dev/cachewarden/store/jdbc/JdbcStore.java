package dev.cachewarden.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cachewarden.store.ReplicationGroupRepository;
import dev.cachewarden.store.Store;
import dev.cachewarden.store.TagRepository;
import dev.cachewarden.store.TaskQueue;
import dev.cachewarden.store.Transaction;
import dev.cachewarden.store.UserGroupRepository;
import dev.cachewarden.store.UserRepository;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;

/**
 * The one store implementation, for the embedded H2 file database and for PostgreSQL: the SQL keeps
 * to what both understand ({@code FETCH FIRST}, {@code FOR UPDATE SKIP LOCKED}, no {@code RETURNING}).
 */
public final class JdbcStore implements Store {
    private static final int ATTEMPTS = 5;

    private final HikariDataSource dataSource;
    private final boolean exclusive;

    private JdbcStore(String url, String user, String password, int poolSize, boolean exclusive, String initSql) {
        this.exclusive = exclusive;
        HikariConfig config = new HikariConfig();
        config.setConnectionInitSql(initSql);
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setAutoCommit(false);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.setPoolName("cachewarden-store");
        this.dataSource = new HikariDataSource(config);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    /**
     * The embedded store under {@code dataDir}. WRITE_DELAY=0 stops H2's background writer: each
     * commit then writes its changes to the file (the OS's page cache) before the commit call returns,
     * where the default would keep them in memory for up to half a second. That is what survives a
     * {@code kill -9} of this process (the durability tests prove it); a power loss would also need an
     * fsync per commit, which H2 does not offer per transaction. H2's own reopening after a crash can
     * miss the newest commits, so {@link H2CrashRecovery} reopens the newest complete version first.
     * H2 locks the file, so one process at a time: the store is exclusive.
     */
    public static JdbcStore embedded(Path dataDir) {
        H2CrashRecovery.recover(dataDir.toAbsolutePath().resolve("cachewarden.mv.db"));
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("cachewarden")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;LOCK_TIMEOUT=10000";
        return new JdbcStore(url, "sa", "", 10, true, null);
    }

    /** An in-memory store that lives as long as this object; for tests and throwaway runs. */
    public static JdbcStore inMemory(String name) {
        return new JdbcStore("jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;DB_CLOSE_DELAY=-1", "sa", "", 10, true, null);
    }

    /**
     * A PostgreSQL database, which several instances may share: not exclusive. A row lock is waited
     * for at most 10 s, as H2's LOCK_TIMEOUT above, rather than for ever behind a stuck instance.
     */
    public static JdbcStore postgres(String url, String user, String password) {
        return new JdbcStore(url, user, password, 10, false, "SET lock_timeout = '10s'");
    }

    @Override
    public boolean exclusive() {
        return exclusive;
    }

    @Override
    public <T> T inTransaction(Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                try {
                    T result = work.run(new JdbcTransaction(new Jdbc(connection)));
                    connection.commit();
                    return result;
                } catch (RuntimeException e) {
                    connection.rollback();
                    if (e instanceof StoreException se && se.retryable() && attempt < ATTEMPTS) {
                        continue;
                    }
                    throw e;
                }
            } catch (SQLException e) {
                throw new StoreException("transaction", e);
            }
        }
    }

    @Override
    public void close() {
        dataSource.close();
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
    }
}
