package dev.cachewarden.domain;

import java.util.Collection;

/**
 * Every minimum-engine-version rule of ElastiCache RBAC, in one place: what an engine needs for
 * RBAC at all, what access-string features and IAM authentication need, and how a user's and a
 * user group's MinimumEngineVersion follow from them.
 */
public final class MinimumVersions {
    /** Redis OSS 6.0 brought ACLs: the floor of every access string. */
    public static final EngineVersion ACL_RULES = EngineVersion.of(6, 0);
    /** Redis OSS 6.2 brought Pub/Sub channel rules ({@code &pattern}, {@code allchannels}, {@code resetchannels}). */
    public static final EngineVersion CHANNEL_RULES = EngineVersion.of(6, 2);
    /** Redis OSS 7.0 brought selectors, key permissions ({@code %R~}, {@code %W~}) and subcommand rules. */
    public static final EngineVersion REDIS_7_RULES = EngineVersion.of(7, 0);
    /** IAM authentication needs Redis OSS 7.0 whatever the user's rules need. */
    public static final EngineVersion IAM = EngineVersion.of(7, 0);

    private MinimumVersions() {}

    /** The oldest engine version with RBAC: Redis OSS 6.0, Valkey 7.2 (ElastiCache's first Valkey). */
    public static EngineVersion rbac(Engine engine) {
        return switch (engine) {
            case REDIS -> ACL_RULES;
            case VALKEY -> EngineVersion.of(7, 2);
        };
    }

    /** The oldest engine an IAM user can connect to: Redis OSS 7.0, Valkey 7.2. */
    public static EngineVersion iamConnect(Engine engine) {
        return EngineVersion.max(rbac(engine), IAM);
    }

    /** A user's MinimumEngineVersion: its engine's RBAC minimum, raised by its rules and by IAM. */
    public static EngineVersion user(Engine engine, EngineVersion rules, boolean iam) {
        EngineVersion minimum = EngineVersion.max(rbac(engine), rules);
        return iam ? EngineVersion.max(minimum, IAM) : minimum;
    }

    /** A user group's MinimumEngineVersion: its engine's RBAC minimum, raised by any member's. */
    public static EngineVersion group(Engine engine, Collection<EngineVersion> members) {
        return members.stream().reduce(rbac(engine), EngineVersion::max);
    }
}
