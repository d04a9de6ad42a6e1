package dev.cachewarden.store.jdbc;

import dev.cachewarden.domain.Tag;
import dev.cachewarden.store.TagRepository;
import java.util.List;

final class JdbcTagRepository implements TagRepository {
    private final Jdbc jdbc;

    JdbcTagRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Tag> list(String arn) {
        return jdbc.query("SELECT tag_key, tag_value FROM tags WHERE resource_arn = ? ORDER BY position",
                rs -> new Tag(rs.getString(1), rs.getString(2)), arn);
    }

    /**
     * One MERGE a tag: an update-then-insert lets two transactions both find no row and both insert,
     * and the second fails on the primary key. Callers hold the resource's row lock, which orders
     * them; MERGE keeps each upsert one statement in the dialect H2 and PostgreSQL share.
     */
    @Override
    public void put(String arn, List<Tag> tags) {
        for (Tag tag : tags) {
            jdbc.update("MERGE INTO tags t USING (SELECT CAST(? AS VARCHAR(512)) AS resource_arn, "
                            + "CAST(? AS VARCHAR(256)) AS tag_key, CAST(? AS VARCHAR(512)) AS tag_value, "
                            + "(SELECT COALESCE(MAX(position), 0) + 1 FROM tags WHERE resource_arn = ?) AS next_position) s "
                            + "ON t.resource_arn = s.resource_arn AND t.tag_key = s.tag_key "
                            + "WHEN MATCHED THEN UPDATE SET tag_value = s.tag_value "
                            + "WHEN NOT MATCHED THEN INSERT (resource_arn, tag_key, tag_value, position) "
                            + "VALUES (s.resource_arn, s.tag_key, s.tag_value, s.next_position)",
                    arn, tag.key(), tag.value(), arn);
        }
    }

    @Override
    public void remove(String arn, List<String> keys) {
        for (String key : keys) {
            jdbc.update("DELETE FROM tags WHERE resource_arn = ? AND tag_key = ?", arn, key);
        }
    }

    @Override
    public void removeAll(String arn) {
        jdbc.update("DELETE FROM tags WHERE resource_arn = ?", arn);
    }
}
