package dev.cachewarden.store.jdbc;

import dev.cachewarden.domain.CacheParameterGroup;
import dev.cachewarden.store.CacheParameterGroupRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class JdbcCacheParameterGroupRepository implements CacheParameterGroupRepository {
    private static final String COLUMNS = "cache_parameter_group_name, family, description";

    private final Jdbc jdbc;

    JdbcCacheParameterGroupRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<CacheParameterGroup> find(String name, boolean lock) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM cache_parameter_groups WHERE cache_parameter_group_name = ?"
                + (lock ? " FOR UPDATE" : ""), JdbcCacheParameterGroupRepository::map, name);
    }

    @Override
    public List<CacheParameterGroup> list(String afterName, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM cache_parameter_groups WHERE cache_parameter_group_name > ? "
                + "ORDER BY cache_parameter_group_name FETCH FIRST " + limit + " ROWS ONLY",
                JdbcCacheParameterGroupRepository::map, afterName == null ? "" : afterName);
    }

    @Override
    public boolean insert(CacheParameterGroup group) {
        return jdbc.insertUnlessExists("INSERT INTO cache_parameter_groups (" + COLUMNS + ", created_at) "
                + "VALUES (?, ?, ?, ?)", group.name(), group.family(), group.description(), System.currentTimeMillis());
    }

    @Override
    public void delete(String name) {
        jdbc.update("DELETE FROM cache_parameter_values WHERE cache_parameter_group_name = ?", name);
        jdbc.update("DELETE FROM cache_parameter_groups WHERE cache_parameter_group_name = ?", name);
    }

    @Override
    public long count() {
        return jdbc.queryOne("SELECT COUNT(*) FROM cache_parameter_groups", rs -> rs.getLong(1)).orElse(0L);
    }

    @Override
    public Map<String, String> values(String name) {
        Map<String, String> values = new LinkedHashMap<>();
        jdbc.query("SELECT parameter_name, parameter_value FROM cache_parameter_values "
                        + "WHERE cache_parameter_group_name = ? ORDER BY parameter_name",
                rs -> values.put(rs.getString(1), rs.getString(2)), name);
        return values;
    }

    /** One MERGE a value: the caller holds the group's row lock, which orders writers of one group. */
    @Override
    public void putValues(String name, Map<String, String> values) {
        for (Map.Entry<String, String> e : values.entrySet()) {
            jdbc.update("MERGE INTO cache_parameter_values v USING (SELECT CAST(? AS VARCHAR(255)) AS g, "
                            + "CAST(? AS VARCHAR(128)) AS p, CAST(? AS VARCHAR(4096)) AS val) s "
                            + "ON v.cache_parameter_group_name = s.g AND v.parameter_name = s.p "
                            + "WHEN MATCHED THEN UPDATE SET parameter_value = s.val "
                            + "WHEN NOT MATCHED THEN INSERT (cache_parameter_group_name, parameter_name, parameter_value) "
                            + "VALUES (s.g, s.p, s.val)", name, e.getKey(), e.getValue());
        }
    }

    @Override
    public void removeValues(String name, Collection<String> parameterNames) {
        if (parameterNames == null) {
            jdbc.update("DELETE FROM cache_parameter_values WHERE cache_parameter_group_name = ?", name);
            return;
        }
        for (String parameter : parameterNames) {
            jdbc.update("DELETE FROM cache_parameter_values WHERE cache_parameter_group_name = ? AND parameter_name = ?",
                    name, parameter);
        }
    }

    private static CacheParameterGroup map(ResultSet rs) throws SQLException {
        return new CacheParameterGroup(rs.getString(1), rs.getString(2), rs.getString(3), false);
    }
}
