package dev.cachewarden.store.jdbc;

import dev.cachewarden.store.ReplicationGroupCacheGroupRepository;
import java.util.List;
import java.util.Optional;

/**
 * A row outlives its replication group (nothing deletes it when the group goes): the in-use queries join
 * the replication groups that exist, and a re-created group of the same id overwrites the row.
 */
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
    public List<String> usingSubnetGroup(String cacheSubnetGroupName) {
        return jdbc.query("SELECT c.replication_group_id FROM replication_group_cache_groups c JOIN replication_groups g "
                + "ON g.replication_group_id = c.replication_group_id "
                + "WHERE c.cache_subnet_group_name = ? ORDER BY c.replication_group_id", rs -> rs.getString(1),
                cacheSubnetGroupName);
    }

    @Override
    public List<String> usingParameterGroup(String cacheParameterGroupName) {
        return jdbc.query("SELECT c.replication_group_id FROM replication_group_cache_groups c JOIN replication_groups g "
                + "ON g.replication_group_id = c.replication_group_id "
                + "WHERE c.cache_parameter_group_name = ? ORDER BY c.replication_group_id", rs -> rs.getString(1),
                cacheParameterGroupName);
    }
}
