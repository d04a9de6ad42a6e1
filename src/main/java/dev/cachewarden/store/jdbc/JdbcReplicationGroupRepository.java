package dev.cachewarden.store.jdbc;

import dev.cachewarden.domain.AutomaticFailoverStatus;
import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.ClusterMode;
import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.PasswordHash;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.store.ReplicationGroupRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

final class JdbcReplicationGroupRepository implements ReplicationGroupRepository {
    private static final String COLUMNS = "replication_group_id, description, engine, engine_version, status, "
            + "transit_encryption, auth_token_hash, user_group_id, pending_ug_add, pending_ug_remove, created_at, "
            + "external, version, automatic_failover, multi_az, primary_endpoint_port, reader_endpoint_port, "
            + "failover_requested, failover_to, cluster_mode, " + GroupAccessColumns.COLUMNS;

    private final Jdbc jdbc;

    JdbcReplicationGroupRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<ReplicationGroup> find(String id, boolean forUpdate) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM replication_groups WHERE replication_group_id = ?"
                + (forUpdate ? " FOR UPDATE" : ""), this::map, id);
    }

    @Override
    public List<ReplicationGroup> page(String afterId, int limit) {
        return afterId == null
                ? jdbc.query("SELECT " + COLUMNS + " FROM replication_groups"
                        + " ORDER BY replication_group_id FETCH FIRST " + limit + " ROWS ONLY", this::map)
                : jdbc.query("SELECT " + COLUMNS + " FROM replication_groups WHERE"
                        + " replication_group_id > ? ORDER BY replication_group_id FETCH FIRST " + limit
                        + " ROWS ONLY", this::map, afterId);
    }

    @Override
    public List<ReplicationGroup> all() {
        return jdbc.query("SELECT " + COLUMNS + " FROM replication_groups ORDER BY replication_group_id", this::map);
    }

    @Override
    public List<String> referencing(String userGroupId) {
        return jdbc.query("SELECT replication_group_id FROM replication_groups WHERE user_group_id = ? "
                        + "OR pending_ug_add = ? OR pending_ug_remove = ? ORDER BY replication_group_id",
                rs -> rs.getString(1), userGroupId, userGroupId, userGroupId);
    }

    @Override
    public List<String> hostsInUse() {
        return jdbc.query("SELECT DISTINCT host FROM cache_nodes WHERE host <> ?", rs -> rs.getString(1),
                CacheNode.LOOPBACK);
    }

    @Override
    public List<Integer> portsInUse() {
        return jdbc.query("SELECT port FROM cache_nodes WHERE host = ? UNION SELECT port FROM serverless_cache_nodes "
                + "UNION SELECT endpoint_port FROM serverless_caches UNION SELECT reader_endpoint_port "
                + "FROM serverless_caches UNION SELECT primary_endpoint_port FROM replication_groups "
                + "WHERE primary_endpoint_port IS NOT NULL UNION SELECT reader_endpoint_port FROM replication_groups "
                + "WHERE reader_endpoint_port IS NOT NULL", rs -> rs.getInt(1), CacheNode.LOOPBACK);
    }

    @Override
    public boolean insert(ReplicationGroup g) {
        Object[] access = GroupAccessColumns.values(g);
        boolean inserted = jdbc.insertUnlessExists("INSERT INTO replication_groups (" + COLUMNS + ") "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + GroupAccessColumns.PLACEHOLDERS + ")",
                g.replicationGroupId(), g.description(), g.engine().wire(), g.engineVersion(), g.status().wire(),
                g.transitEncryption(), g.authTokenHash() == null ? null : g.authTokenHash().sha256Hex(),
                g.userGroupIds().isEmpty() ? null : g.userGroupIds().get(0), pendingAdd(g.pendingUserGroups()),
                pendingRemove(g.pendingUserGroups()), g.createdAtMillis(), g.external(), g.version(),
                g.automaticFailover().wire(), g.multiAz(), portOrNull(g.primaryEndpointPort()),
                portOrNull(g.readerEndpointPort()), g.failoverRequested(), g.failoverTo(), g.clusterMode().wire(),
                access[0], access[1], access[2], access[3], access[4], access[5], access[6]);
        if (inserted) {
            JdbcUserGroupRepository.lockForAttach(jdbc, g.userGroupIds().isEmpty() ? null : g.userGroupIds().get(0));
            JdbcUserGroupRepository.lockForAttach(jdbc, pendingAdd(g.pendingUserGroups()));
            insertNodes(g.replicationGroupId(), g.nodes());
        }
        return inserted;
    }

    @Override
    public void replaceNodes(String id, List<CacheNode> nodes) {
        jdbc.update("DELETE FROM cache_nodes WHERE replication_group_id = ?", id);
        insertNodes(id, nodes);
    }

    private void insertNodes(String id, List<CacheNode> nodes) {
        insertNodes(id, nodes, 0);
    }

    private void insertNodes(String id, List<CacheNode> nodes, int firstPosition) {
        int position = firstPosition;
        for (CacheNode node : nodes) {
            jdbc.update("INSERT INTO cache_nodes (cache_cluster_id, replication_group_id, host, port, is_primary, "
                    + "position, status, node_group_id, slots) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", node.cacheClusterId(),
                    id, node.host(), node.port(), node.primary(), position++, node.status().wire(), node.nodeGroupId(),
                    node.slots());
        }
    }

    @Override
    public void addNodes(String id, List<CacheNode> nodes) {
        Integer last = jdbc.queryOne("SELECT MAX(position) FROM cache_nodes WHERE replication_group_id = ?",
                rs -> rs.getObject(1) == null ? -1 : rs.getInt(1), id).orElse(-1);
        insertNodes(id, nodes, last + 1);
        bump(id);
    }

    @Override
    public void updateNodeStatus(String cacheClusterId, CacheNode.Status status) {
        jdbc.update("UPDATE cache_nodes SET status = ? WHERE cache_cluster_id = ?", status.wire(), cacheClusterId);
    }

    @Override
    public void deleteNode(String cacheClusterId) {
        jdbc.update("DELETE FROM cache_nodes WHERE cache_cluster_id = ?", cacheClusterId);
    }

    @Override
    public void updateFailoverSettings(String id, AutomaticFailoverStatus automaticFailover, boolean multiAz,
                                       CacheStatus status) {
        jdbc.update("UPDATE replication_groups SET automatic_failover = ?, multi_az = ?, status = ?, "
                + "version = version + 1 WHERE replication_group_id = ?", automaticFailover.wire(), multiAz,
                status.wire(), id);
    }

    @Override
    public void promote(String id, String cacheClusterId) {
        // Within the node's own node group: a cluster-mode group has a primary per shard.
        jdbc.update("UPDATE cache_nodes SET is_primary = (cache_cluster_id = ?) WHERE replication_group_id = ? "
                + "AND node_group_id = (SELECT n.node_group_id FROM cache_nodes n WHERE n.cache_cluster_id = ?)",
                cacheClusterId, id, cacheClusterId);
        bump(id);
    }

    @Override
    public void updateFailoverRequested(String id, boolean requested, String to) {
        jdbc.update("UPDATE replication_groups SET failover_requested = ?, failover_to = ?, version = version + 1 "
                + "WHERE replication_group_id = ?", requested, requested ? to : null, id);
    }

    @Override
    public void recordTestFailover(String id, String nodeGroupId, long calledAtMillis) {
        jdbc.update("INSERT INTO test_failover_calls (replication_group_id, node_group_id, called_at) "
                + "VALUES (?, ?, ?)", id, nodeGroupId, calledAtMillis);
    }

    @Override
    public int testFailoversSince(long sinceMillis) {
        jdbc.update("DELETE FROM test_failover_calls WHERE called_at < ?", sinceMillis);
        return jdbc.queryOne("SELECT COUNT(*) FROM test_failover_calls WHERE called_at >= ?",
                rs -> rs.getInt(1), sinceMillis).orElse(0);
    }

    private void bump(String id) {
        jdbc.update("UPDATE replication_groups SET version = version + 1 WHERE replication_group_id = ?", id);
    }

    private static Integer portOrNull(int port) {
        return port > 0 ? port : null;
    }

    @Override
    public void updateSlots(String id, String nodeGroupId, String slots) {
        jdbc.update("UPDATE cache_nodes SET slots = ? WHERE replication_group_id = ? AND node_group_id = ?", slots, id,
                nodeGroupId);
        bump(id);
    }

    @Override
    public void updateStatus(String id, CacheStatus status) {
        jdbc.update("UPDATE replication_groups SET status = ?, version = version + 1 WHERE replication_group_id = ?",
                status.wire(), id);
    }

    @Override
    public void updateUserGroups(String id, List<String> userGroupIds, ReplicationGroup.PendingUserGroups pending,
                                 CacheStatus status) {
        JdbcUserGroupRepository.lockForAttach(jdbc, pendingAdd(pending));
        jdbc.update("UPDATE replication_groups SET user_group_id = ?, pending_ug_add = ?, pending_ug_remove = ?, "
                        + "status = ?, version = version + 1 WHERE replication_group_id = ?",
                userGroupIds.isEmpty() ? null : userGroupIds.get(0), pendingAdd(pending), pendingRemove(pending),
                status.wire(), id);
    }

    @Override
    public void updateDescription(String id, String description) {
        jdbc.update("UPDATE replication_groups SET description = ?, version = version + 1 WHERE replication_group_id = ?",
                description, id);
    }

    @Override
    public void delete(String id) {
        jdbc.update("DELETE FROM cache_nodes WHERE replication_group_id = ?", id);
        jdbc.update("DELETE FROM test_failover_calls WHERE replication_group_id = ?", id);
        jdbc.update("DELETE FROM replication_groups WHERE replication_group_id = ?", id);
        new JdbcCacheSettingsRepository(jdbc).delete(ReplicationGroup.Ref.replicationGroup(id));
    }

    private static String pendingAdd(ReplicationGroup.PendingUserGroups p) {
        return p == null || p.toAdd().isEmpty() ? null : p.toAdd().get(0);
    }

    private static String pendingRemove(ReplicationGroup.PendingUserGroups p) {
        return p == null || p.toRemove().isEmpty() ? null : p.toRemove().get(0);
    }

    private ReplicationGroup map(ResultSet rs) throws SQLException {
        String id = rs.getString("replication_group_id");
        String hash = rs.getString("auth_token_hash");
        String attached = rs.getString("user_group_id");
        String add = rs.getString("pending_ug_add");
        String remove = rs.getString("pending_ug_remove");
        ReplicationGroup.PendingUserGroups pending = add == null && remove == null ? null
                : new ReplicationGroup.PendingUserGroups(add == null ? List.of() : List.of(add),
                        remove == null ? List.of() : List.of(remove));
        // Fetched before building, on the same connection; the outer result set stays open meanwhile.
        List<CacheNode> nodes = new ArrayList<>(jdbc.query("SELECT cache_cluster_id, port, is_primary, host, status, "
                        + "node_group_id, slots FROM cache_nodes WHERE replication_group_id = ? ORDER BY position",
                r -> new CacheNode(r.getString(1), r.getString(4), r.getInt(2), r.getBoolean(3),
                        CacheNode.Status.fromWire(r.getString(5)), r.getString(6), r.getString(7)), id));
        return new ReplicationGroup(id, rs.getString("description"), Engine.parse(rs.getString("engine")).orElseThrow(),
                rs.getString("engine_version"), CacheStatus.fromWire(rs.getString("status")),
                rs.getBoolean("transit_encryption"), hash == null ? null : new PasswordHash(hash),
                attached == null ? List.of() : List.of(attached), pending, nodes, rs.getLong("created_at"),
                rs.getBoolean("external"), rs.getLong("version"),
                AutomaticFailoverStatus.fromWire(rs.getString("automatic_failover")), rs.getBoolean("multi_az"),
                rs.getInt("primary_endpoint_port"), rs.getInt("reader_endpoint_port"),
                rs.getBoolean("failover_requested"), rs.getString("failover_to"),
                new JdbcCacheSettingsRepository(jdbc).find(ReplicationGroup.Ref.replicationGroup(id)).orElse(null),
                GroupAccessColumns.authTokenState(rs), GroupAccessColumns.transitEncryptionMode(rs),
                ClusterMode.parse(rs.getString("cluster_mode")).orElse(ClusterMode.DISABLED),
                GroupAccessColumns.pendingModes(rs));
    }

    @Override
    public void updateClusterMode(String id, ClusterMode mode) {
        jdbc.update("UPDATE replication_groups SET cluster_mode = ?, version = version + 1 WHERE replication_group_id = ?",
                mode.wire(), id);
    }

    @Override
    public void updatePendingModes(String id, dev.cachewarden.domain.PendingModes pending) {
        GroupAccessColumns.updatePendingModes(jdbc, id, pending);
    }

    @Override
    public void updateAuthToken(String id, PasswordHash current, dev.cachewarden.domain.AuthTokenState state) {
        GroupAccessColumns.updateAuthToken(jdbc, id, current, state);
    }

    @Override
    public void updateTransitEncryption(String id, boolean enabled, dev.cachewarden.domain.TransitEncryptionMode mode) {
        GroupAccessColumns.updateTransitEncryption(jdbc, id, enabled, mode);
    }

    @Override
    public void updateEngine(String id, Engine engine, String engineVersion) {
        jdbc.update("UPDATE replication_groups SET engine = ?, engine_version = ?, version = version + 1 "
                + "WHERE replication_group_id = ?", engine.wire(), engineVersion, id);
    }
}
