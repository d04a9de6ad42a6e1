package dev.cachewarden.store.jdbc;

import dev.cachewarden.domain.AccessString;
import dev.cachewarden.domain.Authentication;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.PasswordHash;
import dev.cachewarden.domain.Status;
import dev.cachewarden.domain.User;
import dev.cachewarden.store.UserRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class JdbcUserRepository implements UserRepository {
    private static final String COLUMNS = "user_id, user_name, engine, status, access_string, "
            + "minimum_engine_version, authentication_type, password_hashes, version";

    private final Jdbc jdbc;

    JdbcUserRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<User> find(String userId, boolean forUpdate) {
        Optional<User> user = jdbc.queryOne("SELECT " + COLUMNS + " FROM users WHERE user_id = ?"
                + (forUpdate ? " FOR UPDATE" : ""), JdbcUserRepository::map, userId);
        return user.map(u -> withGroups(List.of(u)).get(0));
    }

    @Override
    public List<User> findAll(List<String> userIds, boolean forUpdate) {
        return withGroups(findAllWithoutGroups(userIds, forUpdate));
    }

    @Override
    public List<User> findAllWithoutGroups(List<String> userIds, boolean forUpdate) {
        if (userIds.isEmpty()) {
            return List.of();
        }
        String marks = String.join(",", Collections.nCopies(userIds.size(), "?"));
        return jdbc.query("SELECT " + COLUMNS + " FROM users WHERE user_id IN (" + marks + ") ORDER BY user_id"
                + (forUpdate ? " FOR UPDATE" : ""), JdbcUserRepository::map, userIds.toArray());
    }

    @Override
    public List<User> page(String afterUserId, int limit) {
        List<User> users = afterUserId == null
                ? jdbc.query("SELECT " + COLUMNS + " FROM users ORDER BY user_id FETCH FIRST " + limit + " ROWS ONLY",
                        JdbcUserRepository::map)
                : jdbc.query("SELECT " + COLUMNS + " FROM users WHERE user_id > ? ORDER BY user_id FETCH FIRST "
                        + limit + " ROWS ONLY", JdbcUserRepository::map, afterUserId);
        return withGroups(users);
    }

    @Override
    public long count() {
        return QuotaCounters.read(jdbc, QuotaCounters.USERS);
    }

    @Override
    public boolean insert(User u) {
        boolean inserted = jdbc.insertUnlessExists("INSERT INTO users (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                u.userId(), u.userName(), u.engine().wire(), u.status().wire(), u.accessString().canonical(),
                u.accessString().minimumEngineVersion().toString(), u.authentication().type(), hashes(u.authentication()),
                u.version());
        if (inserted) {
            QuotaCounters.add(jdbc, QuotaCounters.USERS, 1);
        }
        return inserted;
    }

    @Override
    public void update(User u) {
        jdbc.update("UPDATE users SET engine = ?, status = ?, access_string = ?, minimum_engine_version = ?, "
                        + "authentication_type = ?, password_hashes = ?, version = version + 1 WHERE user_id = ?",
                u.engine().wire(), u.status().wire(), u.accessString().canonical(),
                u.accessString().minimumEngineVersion().toString(), u.authentication().type(), hashes(u.authentication()),
                u.userId());
    }

    @Override
    public void delete(String userId) {
        jdbc.update("DELETE FROM user_group_members WHERE user_id = ?", userId);
        if (jdbc.update("DELETE FROM users WHERE user_id = ?", userId) > 0) {
            QuotaCounters.add(jdbc, QuotaCounters.USERS, -1);
        }
    }

    /** Fills in each user's groups with one query for the whole list. */
    private List<User> withGroups(List<User> users) {
        if (users.isEmpty()) {
            return users;
        }
        String marks = String.join(",", Collections.nCopies(users.size(), "?"));
        Map<String, List<String>> groups = new HashMap<>();
        // In the order of the index on (user_id, user_group_id) (V14): each user's ids come sorted, no sort step.
        jdbc.query("SELECT user_id, user_group_id FROM user_group_members WHERE user_id IN (" + marks + ") "
                        + "ORDER BY user_id, user_group_id", rs -> {
                    groups.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                    return null;
                }, users.stream().map(User::userId).toArray());
        List<User> out = new ArrayList<>(users.size());
        for (User u : users) {
            out.add(new User(u.userId(), u.userName(), u.engine(), u.status(), u.accessString(), u.authentication(),
                    groups.getOrDefault(u.userId(), List.of()), u.version()));
        }
        return out;
    }

    private static String hashes(Authentication auth) {
        return auth instanceof Authentication.Password p
                ? Jdbc.joinOrNull(p.hashes().stream().map(PasswordHash::sha256Hex).toList())
                : null;
    }

    /** Reads the columns by position, in {@link #COLUMNS}' order (a lookup by name costs more per row). */
    private static User map(ResultSet rs) throws SQLException {
        String type = rs.getString(7);
        Authentication auth = switch (type) {
            case "password" -> new Authentication.Password(
                    Jdbc.split(rs.getString(8)).stream().map(PasswordHash::new).toList());
            case "iam" -> new Authentication.Iam();
            default -> new Authentication.NoPassword();
        };
        return new User(rs.getString(1), rs.getString(2), Engine.parse(rs.getString(3)).orElseThrow(),
                Status.fromWire(rs.getString(4)), new AccessString(rs.getString(5), StoredVersions.of(rs.getString(6))), auth,
                List.of(), rs.getLong(9));
    }
}
