package dev.cachewarden.store.jdbc;

import dev.cachewarden.store.ReplicationGroupCacheGroupRepository;
import java.util.List;
import java.util.Optional;

final class JdbcReplicationGroupCacheGroupRepository implements ReplicationGroupCacheGroupRepository {
    private final Jdbc jdbc;

    JdbcReplicationGroupCacheGroupRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Names> find(String replicationGroupId) {
        return jdbc.queryOne("SELECT cache_subnet_group_name, cache_parameter_group_name "
                        + "FROM replication_group_cache_groups WHERE replication_group_id = ?",
                rs -> new Names(rs.getString(1), rs.getString(2)), replicationGroupId);
    }

    @Override
    public void put(String replicationGroupId, Names names) {
        jdbc.update("MERGE INTO replication_group_cache_groups r USING (SELECT CAST(? AS VARCHAR(64)) AS id, "
                        + "CAST(? AS VARCHAR(255)) AS sg, CAST(? AS VARCHAR(255)) AS pg) s "
                        + "ON r.replication_group_id = s.id "
                        + "WHEN MATCHED THEN UPDATE SET cache_subnet_group_name = s.sg, cache_parameter_group_name = s.pg "
                        + "WHEN NOT MATCHED THEN INSERT (replication_group_id, cache_subnet_group_name, "
                        + "cache_parameter_group_name) VALUES (s.id, s.sg, s.pg)",
                replicationGroupId, names.cacheSubnetGroupName(), names.cacheParameterGroupName());
    }

    @Override
    public void delete(String replicationGroupId) {
        jdbc.update("DELETE FROM replication_group_cache_groups WHERE replication_group_id = ?", replicationGroupId);
    }

    @Override
    public List<String> usingSubnetGroup(String cacheSubnetGroupName) {
        return jdbc.query("SELECT replication_group_id FROM replication_group_cache_groups "
                + "WHERE cache_subnet_group_name = ? ORDER BY replication_group_id", rs -> rs.getString(1),
                cacheSubnetGroupName);
    }

    @Override
    public List<String> usingParameterGroup(String cacheParameterGroupName) {
        return jdbc.query("SELECT replication_group_id FROM replication_group_cache_groups "
                + "WHERE cache_parameter_group_name = ? ORDER BY replication_group_id", rs -> rs.getString(1),
                cacheParameterGroupName);
    }
}
