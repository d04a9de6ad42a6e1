package dev.cachewarden.store;

import dev.cachewarden.domain.Tag;
import java.util.List;

/** Tags by resource ARN, in the order they were first added. */
public interface TagRepository {
    List<Tag> list(String arn);

    /** Adds or overwrites each tag by key. */
    void put(String arn, List<Tag> tags);

    void remove(String arn, List<String> keys);

    void removeAll(String arn);
}
