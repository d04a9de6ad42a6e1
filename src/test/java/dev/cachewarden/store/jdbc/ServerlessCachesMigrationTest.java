package dev.cachewarden.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.ServerlessCache;
import dev.cachewarden.domain.UserGroup;
import dev.cachewarden.store.TaskKind;
import dev.cachewarden.store.TaskQueue;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written when serverless caches were replication groups under a {@code serverless--} id
 * upgrades without loss: the cache moves to its own table with its node, port, user group, pending
 * change and task, and the replication group beside it stays as it was.
 */
class ServerlessCachesMigrationTest {
    @TempDir
    Path dir;

    @Test
    void aPrefixedServerlessCacheMovesToItsOwnTable() throws Exception {
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("cachewarden")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").target("3").load().migrate();
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            seedVersion3(c);
        }
        try (JdbcStore store = JdbcStore.embedded(dir)) {
            assertMigrated(store);
        }
    }

    /** A serverless cache as stored before V4 (with a pending attach and its task), and a replication group of the same name. */
    static void seedVersion3(Connection c) throws java.sql.SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO user_groups (user_group_id, engine, status, version) "
                    + "VALUES ('g', 'redis', 'active', 0)");
            s.executeUpdate("INSERT INTO user_groups (user_group_id, engine, status, version) "
                    + "VALUES ('g2', 'redis', 'active', 0)");
            s.executeUpdate("INSERT INTO replication_groups (replication_group_id, description, engine, engine_version, "
                    + "status, transit_encryption, auth_token_hash, user_group_id, pending_ug_add, pending_ug_remove, "
                    + "created_at, external, version) VALUES ('serverless--sls', 'a serverless cache', 'redis', "
                    + "'7.2.4', 'modifying', TRUE, NULL, 'g', 'g2', 'g', 1700000000000, FALSE, 5)");
            s.executeUpdate("INSERT INTO cache_nodes (cache_cluster_id, replication_group_id, host, port, is_primary, "
                    + "position) VALUES ('serverless--sls-001', 'serverless--sls', '127.0.0.1', 41001, TRUE, 0)");
            s.executeUpdate("INSERT INTO replication_groups (replication_group_id, description, engine, engine_version, "
                    + "status, transit_encryption, auth_token_hash, user_group_id, pending_ug_add, pending_ug_remove, "
                    + "created_at, external, version) VALUES ('sls', 'a replication group', 'redis', '7.2.4', "
                    + "'available', FALSE, NULL, 'g', NULL, NULL, 1700000000001, FALSE, 2)");
            s.executeUpdate("INSERT INTO cache_nodes (cache_cluster_id, replication_group_id, host, port, is_primary, "
                    + "position) VALUES ('sls-001', 'sls', '127.0.0.1', 41002, TRUE, 0)");
            s.executeUpdate("INSERT INTO tasks (kind, resource_id, due_at, attempts) "
                    + "VALUES ('REPLICATION_GROUP_MODIFY', 'serverless--sls', 10, 3)");
            s.executeUpdate("INSERT INTO tasks (kind, resource_id, due_at, attempts) "
                    + "VALUES ('REPLICATION_GROUP_MODIFY', 'sls', 11, 0)");
        }
    }

    static void assertMigrated(JdbcStore store) {
            ServerlessCache cache = store.inTransaction(tx -> tx.serverlessCaches().find("sls", false)).orElseThrow();
        assertThat(cache).isEqualTo(new ServerlessCache("sls", "a serverless cache", Engine.REDIS, "7", "7.2.4",
                CacheStatus.MODIFYING, "g", new ReplicationGroup.PendingUserGroups(List.of("g2"), List.of("g")),
                41001, 41001, List.of(new CacheNode("serverless--sls-001", CacheNode.LOOPBACK, 41001, true)),
                1700000000000L, 5));
        assertThat(cache.effectiveUserGroupIds()).containsExactly("g2");

        ReplicationGroup group = store.inTransaction(tx -> tx.replicationGroups().find("sls", false)).orElseThrow();
        assertThat(group.description()).isEqualTo("a replication group");
        assertThat(group.nodes()).extracting(CacheNode::cacheClusterId).containsExactly("sls-001");
        assertThat(store.<List<ReplicationGroup>>inTransaction(tx -> tx.replicationGroups().all()))
                .extracting(ReplicationGroup::replicationGroupId).containsExactly("sls");
        assertThat(store.<java.util.Optional<ReplicationGroup>>inTransaction(tx -> tx.replicationGroups().find("serverless--sls", false))).isEmpty();
        assertThat(store.<List<Integer>>inTransaction(tx -> tx.replicationGroups().portsInUse())).contains(41001, 41002);

        UserGroup g = store.inTransaction(tx -> tx.userGroups().find("g", false)).orElseThrow();
        assertThat(g.replicationGroups()).containsExactly("sls");
        assertThat(g.serverlessCaches()).containsExactly("sls");
        UserGroup g2 = store.inTransaction(tx -> tx.userGroups().find("g2", false)).orElseThrow();
        assertThat(g2.replicationGroups()).isEmpty();
        assertThat(g2.serverlessCaches()).containsExactly("sls");
        assertThat(store.<List<String>>inTransaction(tx -> tx.serverlessCaches().referencing("g2"))).containsExactly("sls");

        List<TaskQueue.Task> tasks = store.inTransaction(tx -> tx.tasks().claimDue(100, 200, 10));
        assertThat(tasks).extracting(TaskQueue.Task::kind, TaskQueue.Task::resourceId, TaskQueue.Task::attempts)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(TaskKind.SERVERLESS_CACHE_MODIFY, "sls", 3),
                        org.assertj.core.groups.Tuple.tuple(TaskKind.REPLICATION_GROUP_MODIFY, "sls", 0));

        // The moved cache lives on in its table: it is modified and deleted there, nodes and all.
        store.inTransaction(tx -> {
            tx.serverlessCaches().updateUserGroup("sls", "g2", null, CacheStatus.AVAILABLE);
            return null;
        });
        ServerlessCache applied = store.inTransaction(tx -> tx.serverlessCaches().find("sls", false)).orElseThrow();
        assertThat(applied.userGroupIds()).containsExactly("g2");
        assertThat(applied.pendingUserGroups()).isNull();
        assertThat(applied.version()).isEqualTo(6);
        store.inTransaction(tx -> {
            tx.serverlessCaches().delete("sls");
            return null;
        });
        assertThat(store.<List<ServerlessCache>>inTransaction(tx -> tx.serverlessCaches().all())).isEmpty();
        assertThat(store.<List<Integer>>inTransaction(tx -> tx.replicationGroups().portsInUse())).containsExactly(41002);
    }
}
