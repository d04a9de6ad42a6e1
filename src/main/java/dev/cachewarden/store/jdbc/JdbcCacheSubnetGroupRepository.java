package dev.cachewarden.store.jdbc;

import dev.cachewarden.domain.CacheSubnetGroup;
import dev.cachewarden.store.CacheSubnetGroupRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

final class JdbcCacheSubnetGroupRepository implements CacheSubnetGroupRepository {
    private static final String COLUMNS = "cache_subnet_group_name, description, subnet_ids, created_at";

    private final Jdbc jdbc;

    JdbcCacheSubnetGroupRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<CacheSubnetGroup> find(String name, boolean lock) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM cache_subnet_groups WHERE cache_subnet_group_name = ?"
                + (lock ? " FOR UPDATE" : ""), JdbcCacheSubnetGroupRepository::map, name);
    }

    @Override
    public List<CacheSubnetGroup> list(String afterName, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM cache_subnet_groups WHERE cache_subnet_group_name > ? "
                + "ORDER BY cache_subnet_group_name FETCH FIRST " + limit + " ROWS ONLY",
                JdbcCacheSubnetGroupRepository::map, afterName == null ? "" : afterName);
    }

    @Override
    public boolean insert(CacheSubnetGroup group) {
        return jdbc.insertUnlessExists("INSERT INTO cache_subnet_groups (" + COLUMNS + ") VALUES (?, ?, ?, ?)",
                group.name(), group.description(), String.join(",", group.subnetIds()), group.createdAtMillis());
    }

    @Override
    public void update(CacheSubnetGroup group) {
        jdbc.update("UPDATE cache_subnet_groups SET description = ?, subnet_ids = ? WHERE cache_subnet_group_name = ?",
                group.description(), String.join(",", group.subnetIds()), group.name());
    }

    @Override
    public void delete(String name) {
        jdbc.update("DELETE FROM cache_subnet_groups WHERE cache_subnet_group_name = ?", name);
    }

    @Override
    public long count() {
        return jdbc.queryOne("SELECT COUNT(*) FROM cache_subnet_groups", rs -> rs.getLong(1)).orElse(0L);
    }

    private static CacheSubnetGroup map(ResultSet rs) throws SQLException {
        return new CacheSubnetGroup(rs.getString(1), rs.getString(2), Arrays.asList(rs.getString(3).split(",")),
                rs.getLong(4));
    }
}
