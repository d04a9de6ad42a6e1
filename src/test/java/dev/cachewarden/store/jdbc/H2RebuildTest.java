package dev.cachewarden.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.cachewarden.domain.User;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store after a crash that tore an index: {@code torn-index.mv.db} is the file exactly
 * as a {@code kill -9} of ConcurrentKillLoopIT's server left it. Its index of group members by user
 * names a row its table no longer has; before the rebuild, the first DescribeUsers after the restart
 * spun on that row for H2's 10 s lock timeout, five times over, and failed, on every start.
 */
class H2RebuildTest {
    @TempDir
    Path dir;

    @Test
    void aTornIndexIsRebuiltFromTheRowsBeforeTheFirstRequest() throws Exception {
        Path file = dir.resolve("cachewarden.mv.db");
        try (InputStream in = H2RebuildTest.class.getResourceAsStream("torn-index.mv.db")) {
            Files.copy(in, file);
        }
        assertThat(H2Rebuild.closedCleanly(file)).as("the fixture is a crashed file").isFalse();
        assertThat(H2Rebuild.needed(dir, "cachewarden")).isTrue();

        long memberRows;
        try (JdbcStore store = JdbcStore.embedded(dir)) {
            // Every user with its groups: the lookup of each user's groups goes through the torn index.
            List<User> users = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> store.inTransaction(tx -> tx.users().page(null, 10_000)));
            assertThat(users).hasSizeGreaterThan(100);
            assertThat(store.<Long>inTransaction(tx -> tx.users().count())).as("the users' quota counter")
                    .isEqualTo(users.size());
            memberRows = users.stream().mapToLong(u -> u.userGroupIds().size()).sum();
        }

        assertThat(H2Rebuild.closedCleanly(file)).isTrue();
        assertThat(H2Rebuild.needed(dir, "cachewarden")).isFalse();
        assertThat(Files.exists(dir.resolve(H2Rebuild.PENDING))).isFalse();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("cachewarden")
                + ";DATABASE_TO_LOWER=TRUE", "sa", ""); Statement s = c.createStatement()) {
            assertThat(count(s, "SELECT COUNT(*) FROM user_group_members")).as("rows read from the table")
                    .isEqualTo(memberRows)
                    .isEqualTo(count(s, "SELECT COUNT(*) FROM user_group_members USE INDEX "
                            + "(user_group_members_by_user_and_group) WHERE user_id > ''"));
            assertThat(count(s, "SELECT setting_value FROM information_schema.settings "
                    + "WHERE setting_name = 'RETENTION_TIME'")).as("the file's own setting survives").isZero();
        }
    }

    @Test
    void aRebuildInterruptedAfterTheOldFileWasClosedCleanlyIsDoneAgain() throws Exception {
        try (JdbcStore store = JdbcStore.embedded(dir)) {
            store.inTransaction(tx -> tx.users().insert(User.builtInDefault()));
        }
        assertThat(H2Rebuild.needed(dir, "cachewarden")).as("a clean close").isFalse();
        Files.createFile(dir.resolve(H2Rebuild.PENDING));
        assertThat(H2Rebuild.needed(dir, "cachewarden")).isTrue();
        try (JdbcStore store = JdbcStore.embedded(dir)) {
            assertThat(store.<Long>inTransaction(tx -> tx.users().count())).isEqualTo(1);
        }
        assertThat(Files.exists(dir.resolve(H2Rebuild.PENDING))).isFalse();
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
