package dev.cachewarden.store;

import dev.cachewarden.domain.CacheSubnetGroup;
import java.util.List;
import java.util.Optional;

/** Cache subnet groups made by CreateCacheSubnetGroup, by lowercase name. */
public interface CacheSubnetGroupRepository {
    /** With {@code lock}, the row stays locked until the transaction ends. */
    Optional<CacheSubnetGroup> find(String name, boolean lock);

    /** Names after {@code afterName} (null: from the start), in name order, at most {@code limit}. */
    List<CacheSubnetGroup> list(String afterName, int limit);

    /** @return false when the name is taken */
    boolean insert(CacheSubnetGroup group);

    void update(CacheSubnetGroup group);

    void delete(String name);

    long count();
}
