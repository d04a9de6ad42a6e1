package dev.cachewarden.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.domain.User;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store written before the quota counters existed starts with counters equal to its rows. */
class QuotaCountersMigrationTest {
    @TempDir
    Path dir;

    @Test
    void countersStartAtTheExistingRowsAndFollowInsertsAndDeletes() throws Exception {
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("cachewarden")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").target("2").load().migrate();
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            for (String id : new String[] {"default", "alice", "bob"}) {
                s.executeUpdate("INSERT INTO users (user_id, user_name, engine, status, access_string, "
                        + "minimum_engine_version, authentication_type, password_hashes, version) VALUES ('" + id
                        + "', '" + id + "', 'redis', 'active', 'on ~* +@all', '6.0', 'no-password', NULL, 0)");
            }
            s.executeUpdate("INSERT INTO user_groups (user_group_id, engine, status, version) "
                    + "VALUES ('g', 'redis', 'active', 0)");
        }

        try (JdbcStore store = JdbcStore.embedded(dir)) {
            assertThat(users(store)).isEqualTo(3);
            assertThat(groups(store)).isEqualTo(1);

            User carol = new User("carol", "carol", User.builtInDefault().engine(), User.builtInDefault().status(),
                    User.builtInDefault().accessString(), User.builtInDefault().authentication(),
                    java.util.List.of(), 0);
            assertThat(insert(store, carol)).isTrue();
            assertThat(insert(store, carol)).as("a duplicate").isFalse();
            assertThat(users(store)).isEqualTo(4);
            store.inTransaction(tx -> {
                tx.users().delete("alice");
                tx.users().delete("no-such-user");
                tx.userGroups().delete("g");
                return null;
            });
            assertThat(users(store)).isEqualTo(3);
            assertThat(groups(store)).isZero();
        }
    }

    private static long users(JdbcStore store) {
        return store.<Long>inTransaction(tx -> tx.users().count());
    }

    private static long groups(JdbcStore store) {
        return store.<Long>inTransaction(tx -> tx.userGroups().count());
    }

    private static boolean insert(JdbcStore store, User user) {
        return store.<Boolean>inTransaction(tx -> tx.users().insert(user));
    }
}
