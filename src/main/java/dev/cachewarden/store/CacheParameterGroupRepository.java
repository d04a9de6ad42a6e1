package dev.cachewarden.store;

import dev.cachewarden.domain.CacheParameterGroup;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Cache parameter groups made by CreateCacheParameterGroup and the values set in them. */
public interface CacheParameterGroupRepository {
    /** With {@code lock}, the row stays locked until the transaction ends. */
    Optional<CacheParameterGroup> find(String name, boolean lock);

    /** Names after {@code afterName} (null: from the start), in name order, at most {@code limit}. */
    List<CacheParameterGroup> list(String afterName, int limit);

    /** @return false when the name is taken */
    boolean insert(CacheParameterGroup group);

    /** Deletes the group and its values. */
    void delete(String name);

    long count();

    /** The values set in the group, by parameter name. */
    Map<String, String> values(String name);

    /** Sets (adds or overwrites) each value. */
    void putValues(String name, Map<String, String> values);

    /** Removes the named values (back to their defaults); null removes all. */
    void removeValues(String name, java.util.Collection<String> parameterNames);
}
