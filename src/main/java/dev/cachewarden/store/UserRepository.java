package dev.cachewarden.store;

import dev.cachewarden.domain.User;
import java.util.List;
import java.util.Optional;

public interface UserRepository {
    /** @param forUpdate lock the row until the transaction ends, so concurrent changes serialize */
    Optional<User> find(String userId, boolean forUpdate);

    /** @param forUpdate lock the rows (in id order) until the transaction ends */
    List<User> findAll(List<String> userIds, boolean forUpdate);

    /**
     * As {@link #findAll}, but each user's {@code UserGroupIds} left empty: for membership checks,
     * which need a user's engine, name and rules only. {@code default} is in every group, so its
     * groups are the costly part of a read (one row per group).
     */
    List<User> findAllWithoutGroups(List<String> userIds, boolean forUpdate);

    /** Users in id order after {@code afterUserId} (exclusive; null for the first page). */
    List<User> page(String afterUserId, int limit);

    /**
     * How many users there are, the built-in default included. Exact for a quota when read after this
     * transaction's own {@link #insert}: an insert or delete holds the count until the transaction
     * ends, so every other create, on any instance, has either committed or not yet inserted.
     */
    long count();

    /** @return false when a user with that id already exists */
    boolean insert(User user);

    void update(User user);

    void delete(String userId);
}
