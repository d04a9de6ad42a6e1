package dev.cachewarden.store;

import dev.cachewarden.domain.PendingChanges;
import dev.cachewarden.domain.Status;
import dev.cachewarden.domain.UserGroup;
import java.util.List;
import java.util.Optional;

public interface UserGroupRepository {
    Optional<UserGroup> find(String userGroupId, boolean forUpdate);

    List<UserGroup> page(String afterUserGroupId, int limit);

    /** How many user groups there are; exact after this transaction's own insert, as {@link UserRepository#count}. */
    long count();

    /** The ids of groups whose applied membership or pending additions name this user. */
    List<String> groupsReferencing(String userId);

    /** @return false when a group with that id already exists */
    boolean insert(UserGroup group);

    void updateStatus(String userGroupId, Status status, PendingChanges pending);

    void setEngine(String userGroupId, dev.cachewarden.domain.Engine engine);

    void setMembers(String userGroupId, List<String> userIds);

    /**
     * Removes {@code remove} from the group's members and appends {@code add} after the last one:
     * {@link #setMembers}'s result for a membership change, writing only the rows that change.
     */
    void changeMembers(String userGroupId, List<String> remove, List<String> add);

    void delete(String userGroupId);
}
