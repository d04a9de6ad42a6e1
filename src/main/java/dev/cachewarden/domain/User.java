package dev.cachewarden.domain;

import java.util.List;

/**
 * An ElastiCache user as stored: the engine identity ({@code userName}), its permissions and how it
 * authenticates. {@code userGroupIds} is derived from group membership when read.
 */
public record User(
        String userId,
        String userName,
        Engine engine,
        Status status,
        AccessString accessString,
        Authentication authentication,
        List<String> userGroupIds,
        long version) {

    public static final String DEFAULT_USER_ID = "default";
    public static final String DEFAULT_USER_NAME = "default";

    public User {
        userGroupIds = List.copyOf(userGroupIds);
    }

    /** The built-in user every account has: {@code on ~* +@all}, no password, never modified or deleted. */
    public static User builtInDefault() {
        return new User(DEFAULT_USER_ID, DEFAULT_USER_NAME, Engine.REDIS, Status.ACTIVE, AccessString.FULL_ACCESS,
                new Authentication.NoPassword(), List.of(), 0);
    }

    public boolean isBuiltInDefault() {
        return DEFAULT_USER_ID.equals(userId);
    }

    /** What the engine, the rules and IAM authentication need, per {@link MinimumVersions}. */
    public EngineVersion minimumEngineVersion() {
        return MinimumVersions.user(engine, accessString.minimumEngineVersion(),
                authentication instanceof Authentication.Iam);
    }

    public User withStatus(Status newStatus) {
        return new User(userId, userName, engine, newStatus, accessString, authentication, userGroupIds, version);
    }
}
