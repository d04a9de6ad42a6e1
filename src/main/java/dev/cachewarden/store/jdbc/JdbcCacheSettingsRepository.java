package dev.cachewarden.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cachewarden.domain.Cache;
import dev.cachewarden.domain.CacheSettings;
import dev.cachewarden.store.CacheSettingsRepository;
import java.util.Optional;

/**
 * cache_settings (V9): one JSON document a cache. The settings are only ever read and written whole,
 * so a document keeps the schema still while ElastiCache's list of parameters grows; a field a newer
 * version wrote and this one does not know is skipped.
 */
final class JdbcCacheSettingsRepository implements CacheSettingsRepository {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Jdbc jdbc;

    JdbcCacheSettingsRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<CacheSettings> find(Cache.Ref cache) {
        return jdbc.queryOne("SELECT settings FROM cache_settings WHERE cache_kind = ? AND cache_id = ?",
                rs -> read(rs.getString(1)), cache.kind().name(), cache.id());
    }

    @Override
    public void put(Cache.Ref cache, CacheSettings settings) {
        jdbc.update("MERGE INTO cache_settings t USING (SELECT CAST(? AS VARCHAR(32)) AS cache_kind, "
                        + "CAST(? AS VARCHAR(255)) AS cache_id, CAST(? AS VARCHAR(65536)) AS settings) s "
                        + "ON t.cache_kind = s.cache_kind AND t.cache_id = s.cache_id "
                        + "WHEN MATCHED THEN UPDATE SET settings = s.settings "
                        + "WHEN NOT MATCHED THEN INSERT (cache_kind, cache_id, settings) "
                        + "VALUES (s.cache_kind, s.cache_id, s.settings)",
                cache.kind().name(), cache.id(), write(settings));
    }

    @Override
    public void delete(Cache.Ref cache) {
        jdbc.update("DELETE FROM cache_settings WHERE cache_kind = ? AND cache_id = ?", cache.kind().name(), cache.id());
    }

    private static CacheSettings read(String json) {
        try {
            return JSON.readValue(json, CacheSettings.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cache_settings holds a document this version cannot read", e);
        }
    }

    private static String write(CacheSettings settings) {
        try {
            return JSON.writeValueAsString(settings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cache settings could not be written as JSON", e);
        }
    }
}
