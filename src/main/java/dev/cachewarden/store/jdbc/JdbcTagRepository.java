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

    @Override
    public void put(String arn, List<Tag> tags) {
        for (Tag tag : tags) {
            int updated = jdbc.update("UPDATE tags SET tag_value = ? WHERE resource_arn = ? AND tag_key = ?",
                    tag.value(), arn, tag.key());
            if (updated == 0) {
                jdbc.update("INSERT INTO tags (resource_arn, tag_key, tag_value, position) "
                        + "SELECT ?, ?, ?, COALESCE(MAX(position), 0) + 1 FROM tags WHERE resource_arn = ?",
                        arn, tag.key(), tag.value(), arn);
            }
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
