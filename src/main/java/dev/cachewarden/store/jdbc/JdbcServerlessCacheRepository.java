package dev.cachewarden.store.jdbc;

import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.ServerlessCache;
import dev.cachewarden.store.ServerlessCacheRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

final class JdbcServerlessCacheRepository implements ServerlessCacheRepository {
    private static final String COLUMNS = "serverless_cache_name, description, engine, major_engine_version, "
            + "full_engine_version, status, user_group_id, pending_ug_add, pending_ug_remove, endpoint_port, "
            + "reader_endpoint_port, created_at, version";

    private final Jdbc jdbc;

    JdbcServerlessCacheRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<ServerlessCache> find(String name, boolean forUpdate) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM serverless_caches WHERE serverless_cache_name = ?"
                + (forUpdate ? " FOR UPDATE" : ""), this::map, name);
    }

    @Override
    public List<ServerlessCache> page(String afterName, int limit) {
        return afterName == null
                ? jdbc.query("SELECT " + COLUMNS + " FROM serverless_caches ORDER BY serverless_cache_name "
                        + "FETCH FIRST " + limit + " ROWS ONLY", this::map)
                : jdbc.query("SELECT " + COLUMNS + " FROM serverless_caches WHERE serverless_cache_name > ? "
                        + "ORDER BY serverless_cache_name FETCH FIRST " + limit + " ROWS ONLY", this::map, afterName);
    }

    @Override
    public List<ServerlessCache> all() {
        return jdbc.query("SELECT " + COLUMNS + " FROM serverless_caches ORDER BY serverless_cache_name", this::map);
    }

    @Override
    public List<String> referencing(String userGroupId) {
        return jdbc.query("SELECT serverless_cache_name FROM serverless_caches WHERE user_group_id = ? "
                        + "OR pending_ug_add = ? OR pending_ug_remove = ? ORDER BY serverless_cache_name",
                rs -> rs.getString(1), userGroupId, userGroupId, userGroupId);
    }

    @Override
    public boolean insert(ServerlessCache c) {
        boolean inserted = jdbc.insertUnlessExists("INSERT INTO serverless_caches (" + COLUMNS + ") "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                c.serverlessCacheName(), c.description(), c.engine().wire(), c.majorEngineVersion(),
                c.fullEngineVersion(), c.status().wire(), c.userGroupId(), pendingAdd(c.pendingUserGroups()),
                pendingRemove(c.pendingUserGroups()), c.endpointPort(), c.readerEndpointPort(), c.createdAtMillis(),
                c.version());
        if (inserted) {
            JdbcUserGroupRepository.lockForAttach(jdbc, c.userGroupId());
            JdbcUserGroupRepository.lockForAttach(jdbc, pendingAdd(c.pendingUserGroups()));
            int position = 0;
            for (CacheNode node : c.nodes()) {
                jdbc.update("INSERT INTO serverless_cache_nodes (node_id, serverless_cache_name, port, is_primary, "
                        + "position) VALUES (?, ?, ?, ?, ?)", node.cacheClusterId(), c.serverlessCacheName(),
                        node.port(), node.primary(), position++);
            }
        }
        return inserted;
    }

    @Override
    public void updateStatus(String name, CacheStatus status) {
        jdbc.update("UPDATE serverless_caches SET status = ?, version = version + 1 WHERE serverless_cache_name = ?",
                status.wire(), name);
    }

    @Override
    public void updateUserGroup(String name, String userGroupId, ReplicationGroup.PendingUserGroups pending,
                                CacheStatus status) {
        JdbcUserGroupRepository.lockForAttach(jdbc, pendingAdd(pending));
        jdbc.update("UPDATE serverless_caches SET user_group_id = ?, pending_ug_add = ?, pending_ug_remove = ?, "
                        + "status = ?, version = version + 1 WHERE serverless_cache_name = ?",
                userGroupId, pendingAdd(pending), pendingRemove(pending), status.wire(), name);
    }

    @Override
    public void updateEngine(String name, dev.cachewarden.domain.Engine engine, String major, String full) {
        jdbc.update("UPDATE serverless_caches SET engine = ?, major_engine_version = ?, full_engine_version = ?, "
                + "version = version + 1 WHERE serverless_cache_name = ?", engine.wire(), major, full, name);
    }

    @Override
    public void updateDescription(String name, String description) {
        jdbc.update("UPDATE serverless_caches SET description = ?, version = version + 1 "
                + "WHERE serverless_cache_name = ?", description, name);
    }

    @Override
    public void delete(String name) {
        jdbc.update("DELETE FROM serverless_cache_nodes WHERE serverless_cache_name = ?", name);
        jdbc.update("DELETE FROM serverless_caches WHERE serverless_cache_name = ?", name);
        new JdbcCacheSettingsRepository(jdbc).delete(ServerlessCache.Ref.serverlessCache(name));
    }

    private static String pendingAdd(ReplicationGroup.PendingUserGroups p) {
        return p == null || p.toAdd().isEmpty() ? null : p.toAdd().get(0);
    }

    private static String pendingRemove(ReplicationGroup.PendingUserGroups p) {
        return p == null || p.toRemove().isEmpty() ? null : p.toRemove().get(0);
    }

    private ServerlessCache map(ResultSet rs) throws SQLException {
        String name = rs.getString("serverless_cache_name");
        String add = rs.getString("pending_ug_add");
        String remove = rs.getString("pending_ug_remove");
        ReplicationGroup.PendingUserGroups pending = add == null && remove == null ? null
                : new ReplicationGroup.PendingUserGroups(add == null ? List.of() : List.of(add),
                        remove == null ? List.of() : List.of(remove));
        // Fetched before building, on the same connection; the outer result set stays open meanwhile.
        List<CacheNode> nodes = new ArrayList<>(jdbc.query("SELECT node_id, port, is_primary FROM serverless_cache_nodes "
                        + "WHERE serverless_cache_name = ? ORDER BY position",
                r -> new CacheNode(r.getString(1), CacheNode.LOOPBACK, r.getInt(2), r.getBoolean(3)), name));
        return new ServerlessCache(name, rs.getString("description"), Engine.parse(rs.getString("engine")).orElseThrow(),
                rs.getString("major_engine_version"), rs.getString("full_engine_version"),
                CacheStatus.fromWire(rs.getString("status")), rs.getString("user_group_id"), pending,
                rs.getInt("endpoint_port"), rs.getInt("reader_endpoint_port"), nodes, rs.getLong("created_at"),
                rs.getLong("version"),
                new JdbcCacheSettingsRepository(jdbc).find(ServerlessCache.Ref.serverlessCache(name)).orElse(null));
    }
}
