package dev.cachewarden.store.jdbc;

import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.EngineVersion;
import dev.cachewarden.domain.MinimumVersions;
import dev.cachewarden.domain.PendingChanges;
import dev.cachewarden.domain.Status;
import dev.cachewarden.domain.UserGroup;
import dev.cachewarden.store.UserGroupRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class JdbcUserGroupRepository implements UserGroupRepository {
    private static final String COLUMNS = "user_group_id, engine, status, pending_add, pending_remove, version";

    private final Jdbc jdbc;

    JdbcUserGroupRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<UserGroup> find(String userGroupId, boolean forUpdate) {
        // Locked, the row and its members cannot change until this transaction ends; unlocked, they
        // are read in one statement, so that both come from the same committed state.
        if (forUpdate && !lock(jdbc, userGroupId)) {
            return Optional.empty();
        }
        return withMembers("WHERE g.user_group_id = ?", userGroupId).stream().findFirst();
    }

    /**
     * A cache being attached to {@code userGroupId} (null: none) locks the group's row, as ModifyUserGroup
     * does: a membership change applied at once to a group no cache uses (UserGroupService) then either
     * commits first, and the attaching cache's transition reads the new members, or waits and finds the
     * cache, and keeps its transition. Without it both could pass unseen by each other.
     */
    static void lockForAttach(Jdbc jdbc, String userGroupId) {
        if (userGroupId != null) {
            lock(jdbc, userGroupId);
        }
    }

    /** Locks the group's row until the transaction ends; false when there is none. */
    private static boolean lock(Jdbc jdbc, String userGroupId) {
        return jdbc.lockRow("UPDATE user_groups SET version = version WHERE user_group_id = ?",
                "SELECT user_group_id FROM user_groups WHERE user_group_id = ? FOR UPDATE", userGroupId);
    }

    @Override
    public List<UserGroup> page(String afterUserGroupId, int limit) {
        return afterUserGroupId == null
                ? withMembers("WHERE g.user_group_id IN (SELECT user_group_id FROM user_groups "
                        + "ORDER BY user_group_id FETCH FIRST " + limit + " ROWS ONLY)")
                : withMembers("WHERE g.user_group_id IN (SELECT user_group_id FROM user_groups WHERE user_group_id > ? "
                        + "ORDER BY user_group_id FETCH FIRST " + limit + " ROWS ONLY)", afterUserGroupId);
    }

    @Override
    public long count() {
        return QuotaCounters.read(jdbc, QuotaCounters.USER_GROUPS);
    }

    @Override
    public List<String> groupsReferencing(String userId) {
        // Pending additions are a comma-joined list; match the id as a whole element.
        return jdbc.query("SELECT user_group_id FROM user_groups WHERE user_group_id IN "
                        + "(SELECT user_group_id FROM user_group_members WHERE user_id = ?) "
                        + "OR ',' || pending_add || ',' LIKE ? ORDER BY user_group_id",
                rs -> rs.getString(1), userId, "%," + userId + ",%");
    }

    @Override
    public boolean insert(UserGroup g) {
        boolean inserted = jdbc.insertUnlessExists("INSERT INTO user_groups (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)",
                g.userGroupId(), g.engine().wire(), g.status().wire(),
                g.pendingChanges() == null ? null : Jdbc.joinOrNull(g.pendingChanges().userIdsToAdd()),
                g.pendingChanges() == null ? null : Jdbc.joinOrNull(g.pendingChanges().userIdsToRemove()),
                g.version());
        if (inserted) {
            QuotaCounters.add(jdbc, QuotaCounters.USER_GROUPS, 1);
            setMembers(g.userGroupId(), g.userIds());
        }
        return inserted;
    }

    @Override
    public void updateStatus(String userGroupId, Status status, PendingChanges pending) {
        jdbc.update("UPDATE user_groups SET status = ?, pending_add = ?, pending_remove = ?, version = version + 1 "
                        + "WHERE user_group_id = ?", status.wire(),
                pending == null ? null : Jdbc.joinOrNull(pending.userIdsToAdd()),
                pending == null ? null : Jdbc.joinOrNull(pending.userIdsToRemove()), userGroupId);
    }

    @Override
    public void setEngine(String userGroupId, Engine engine) {
        jdbc.update("UPDATE user_groups SET engine = ? WHERE user_group_id = ?", engine.wire(), userGroupId);
    }

    @Override
    public void setMembers(String userGroupId, List<String> userIds) {
        jdbc.update("DELETE FROM user_group_members WHERE user_group_id = ?", userGroupId);
        int position = 0;
        for (String userId : userIds) {
            jdbc.update("INSERT INTO user_group_members (user_group_id, user_id, position) VALUES (?, ?, ?)",
                    userGroupId, userId, position++);
        }
    }

    @Override
    public void changeMembers(String userGroupId, List<String> remove, List<String> add) {
        for (String userId : remove) {
            jdbc.update("DELETE FROM user_group_members WHERE user_group_id = ? AND user_id = ?", userGroupId, userId);
        }
        // Positions only order the members: the next after the highest keeps the order setMembers gives.
        for (String userId : add) {
            jdbc.update("INSERT INTO user_group_members (user_group_id, user_id, position) "
                    + "SELECT ?, ?, COALESCE(MAX(position), -1) + 1 FROM user_group_members WHERE user_group_id = ?",
                    userGroupId, userId, userGroupId);
        }
    }

    @Override
    public void delete(String userGroupId) {
        // The row first: that waits for a transaction holding it (DeleteUser rewriting the members),
        // and the members' delete, a later statement, then sees and removes what it wrote.
        if (jdbc.update("DELETE FROM user_groups WHERE user_group_id = ?", userGroupId) > 0) {
            QuotaCounters.add(jdbc, QuotaCounters.USER_GROUPS, -1);
        }
        jdbc.update("DELETE FROM user_group_members WHERE user_group_id = ?", userGroupId);
    }

    /**
     * The groups {@code where} selects (on {@code g}), ordered by id, with their members and the
     * minimum engine version the members need: one statement, one committed state.
     */
    private List<UserGroup> withMembers(String where, Object... params) {
        Map<String, UserGroup> rows = new LinkedHashMap<>();
        Map<String, List<String>> members = new HashMap<>();
        Map<String, List<EngineVersion>> versions = new HashMap<>();
        // Each member's minimum follows from its engine, rules and authentication (MinimumVersions);
        // versions are compared as numbers in Java, never as strings in SQL ("10.0" < "7.2" there).
        jdbc.query("SELECT g.user_group_id, g.engine, g.status, g.pending_add, g.pending_remove, g.version, "
                        + "m.user_id, u.engine, u.minimum_engine_version, u.authentication_type "
                        + "FROM user_groups g LEFT JOIN user_group_members m ON m.user_group_id = g.user_group_id "
                        + "LEFT JOIN users u ON u.user_id = m.user_id " + where + " "
                        + "ORDER BY g.user_group_id, m.position", rs -> {
                    String group = rs.getString(1);
                    if (!rows.containsKey(group)) {
                        rows.put(group, map(rs));
                    }
                    String member = rs.getString(7);
                    if (member != null) {
                        members.computeIfAbsent(group, k -> new ArrayList<>()).add(member);
                    }
                    String rules = rs.getString(9);
                    if (rules != null) {
                        versions.computeIfAbsent(group, k -> new ArrayList<>()).add(MinimumVersions.user(
                                Engine.parse(rs.getString(8)).orElseThrow(), StoredVersions.of(rules),
                                "iam".equals(rs.getString(10))));
                    }
                    return null;
                }, params);
        List<UserGroup> groups = new ArrayList<>(rows.values());
        if (groups.isEmpty()) {
            return groups;
        }
        String marks = String.join(",", Collections.nCopies(groups.size(), "?"));
        Map<String, List<String>> caches = attached("replication_groups", "replication_group_id", marks, groups);
        Map<String, List<String>> serverless = attached("serverless_caches", "serverless_cache_name", marks, groups);
        List<UserGroup> out = new ArrayList<>(groups.size());
        for (UserGroup g : groups) {
            EngineVersion minimum = MinimumVersions.group(g.engine(),
                    versions.getOrDefault(g.userGroupId(), List.of()));
            out.add(new UserGroup(g.userGroupId(), g.engine(), g.status(),
                    members.getOrDefault(g.userGroupId(), List.of()), g.pendingChanges(),
                    caches.getOrDefault(g.userGroupId(), List.of()),
                    serverless.getOrDefault(g.userGroupId(), List.of()), minimum, g.version()));
        }
        return out;
    }

    /** The caches of {@code table} (replication groups or serverless caches) each group is attached to or being attached to. */
    private Map<String, List<String>> attached(String table, String idColumn, String marks, List<UserGroup> groups) {
        Object[] ids = groups.stream().map(UserGroup::userGroupId).toArray();
        Object[] twice = new Object[ids.length * 2];
        System.arraycopy(ids, 0, twice, 0, ids.length);
        System.arraycopy(ids, 0, twice, ids.length, ids.length);
        Map<String, List<String>> out = new HashMap<>();
        jdbc.query("SELECT " + idColumn + ", user_group_id, pending_ug_add FROM " + table + " "
                + "WHERE user_group_id IN (" + marks + ") OR pending_ug_add IN (" + marks + ") "
                + "ORDER BY " + idColumn, rs -> {
                    String rg = rs.getString(1);
                    for (String group : new String[] {rs.getString(2), rs.getString(3)}) {
                        if (group != null) {
                            List<String> list = out.computeIfAbsent(group, k -> new ArrayList<>());
                            if (!list.contains(rg)) {
                                list.add(rg);
                            }
                        }
                    }
                    return null;
                }, twice);
        return out;
    }

    /** Reads the columns by position, in {@link #COLUMNS}' order. */
    private static UserGroup map(ResultSet rs) throws SQLException {
        String add = rs.getString(4);
        String remove = rs.getString(5);
        PendingChanges pending = add == null && remove == null ? null
                : new PendingChanges(Jdbc.split(add), Jdbc.split(remove));
        return new UserGroup(rs.getString(1), Engine.parse(rs.getString(2)).orElseThrow(),
                Status.fromWire(rs.getString(3)), List.of(), pending, List.of(), List.of(), null, rs.getLong(6));
    }
}
