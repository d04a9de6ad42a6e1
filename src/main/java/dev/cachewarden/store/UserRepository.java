package dev.cachewarden.store;

import dev.cachewarden.domain.User;
import java.util.List;
import java.util.Optional;

public interface UserRepository {
    /** @param forUpdate lock the row until the transaction ends, so concurrent changes serialize */
    Optional<User> find(String userId, boolean forUpdate);

    /** Locks the user's row until the transaction ends, reading nothing else (a cheap mutex). */
    void lock(String userId);

    /** @param forUpdate lock the rows (in id order) until the transaction ends */
    List<User> findAll(List<String> userIds, boolean forUpdate);

    /** Users in id order after {@code afterUserId} (exclusive; null for the first page). */
    List<User> page(String afterUserId, int limit);

    long count();

    /** @return false when a user with that id already exists */
    boolean insert(User user);

    void update(User user);

    void delete(String userId);
}
