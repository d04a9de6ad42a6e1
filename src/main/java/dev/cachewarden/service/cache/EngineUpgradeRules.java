package dev.cachewarden.service.cache;

import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.EngineVersion;
import dev.cachewarden.domain.Status;
import dev.cachewarden.domain.UserGroup;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.domain.fault.Fault;
import dev.cachewarden.service.Requests;
import java.util.List;
import java.util.Optional;

/**
 * Engine, EngineVersion and CacheParameterGroupName on ModifyReplicationGroup (MajorEngineVersion on
 * ModifyServerlessCache): an upgrade within an engine or from Redis OSS to Valkey, to a version this
 * install can run (what DescribeCacheEngineVersions lists). Downgrades and Valkey → Redis OSS are
 * refused, as AWS refuses them. Guessed messages are in docs/aws-guesses.md.
 */
public final class EngineUpgradeRules {
    /** The engine and version to store; the nodes are then replaced one by one. */
    public record Upgrade(Engine engine, String engineVersion) {}

    private EngineUpgradeRules() {}

    /**
     * @param attached the user groups guarding the cache (attached or being attached)
     * @return the upgrade, or empty when the request names the engine and version the cache runs
     */
    public static Optional<Upgrade> plan(Engine currentEngine, String currentVersion, Optional<String> rawEngine,
                                         Optional<String> rawVersion, Optional<String> parameterGroup,
                                         List<UserGroup> attached, CacheRuntime runtime) {
        if (rawEngine.isEmpty() && rawVersion.isEmpty()) {
            parameterGroup.ifPresent(name -> checkParameterGroup(name, currentEngine, EngineVersion.of(currentVersion)));
            return Optional.empty();
        }
        Engine engine = rawEngine.map(Requests::engine).orElse(currentEngine);
        if (currentEngine == Engine.VALKEY && engine == Engine.REDIS) {
            throw ElastiCacheFault.invalidCombination("Engine cannot be changed from valkey to redis.");
        }
        String available = runtime.engineVersion(engine).orElseThrow(() -> new ElastiCacheFault(
                Fault.INSUFFICIENT_CACHE_CLUSTER_CAPACITY, runtime.missingEngineMessage()));
        EngineVersion target = EngineVersion.of(available);
        if (rawVersion.isPresent()) {
            EngineVersion asked = EngineVersion.parse(rawVersion.get(), "EngineVersion");
            if (engine == currentEngine && downgrade(asked, rawVersion.get(), EngineVersion.of(currentVersion))) {
                throw ElastiCacheFault.invalidCombination("Cannot downgrade " + engine.wire() + " from "
                        + currentVersion + " to " + rawVersion.get() + ".");
            }
            checkAvailable(engine, rawVersion.get(), available);
        }
        parameterGroup.ifPresent(name -> checkParameterGroup(name, engine, target));
        for (UserGroup group : attached) {
            if (group.status() != Status.ACTIVE) {
                throw new ElastiCacheFault(Fault.INVALID_USER_GROUP_STATE, "User group " + group.userGroupId()
                        + " is not in active state (it is " + group.status().wire() + ").");
            }
            if (target.isBefore(group.minimumEngineVersion())) {
                throw ElastiCacheFault.invalidCombination("User group " + group.userGroupId() + " requires engine "
                        + "version " + group.minimumEngineVersion() + " or later.");
            }
        }
        if (engine == currentEngine && available.equals(currentVersion)) {
            return Optional.empty();
        }
        return Optional.of(new Upgrade(engine, available));
    }

    /** Whether {@code asked} is older than {@code current}, compared as precisely as it is spelled ({@code 7.x}: the major). */
    static boolean downgrade(EngineVersion asked, String spelling, EngineVersion current) {
        if (asked.major() != current.major()) {
            return asked.major() < current.major();
        }
        if (majorOnly(spelling)) {
            return false;
        }
        if (asked.minor() != current.minor()) {
            return asked.minor() < current.minor();
        }
        return asked.patch() >= 0 && asked.patch() < Math.max(current.patch(), 0);
    }

    /**
     * EngineVersion on create or modify: one binary per engine serves every version of its major
     * ({@code 7.1} runs on redis-server 7.0.15), so a version of another major cannot run here.
     */
    public static void checkAvailable(Engine engine, String requested, String available) {
        if (!matches(EngineVersion.parse(requested, "EngineVersion"), EngineVersion.of(available))) {
            throw ElastiCacheFault.invalidCombination("Cannot find version " + requested + " for " + engine.wire());
        }
    }

    /** Whether the version asked is served by the one available: the same major. */
    public static boolean matches(EngineVersion asked, EngineVersion available) {
        return asked.major() == available.major();
    }

    private static boolean majorOnly(String spelling) {
        return !spelling.contains(".") || spelling.endsWith(".x");
    }

    /** The parameter group family of an engine version, as AWS names them: redis7, redis6.x, valkey8. */
    public static String family(Engine engine, EngineVersion version) {
        if (engine == Engine.REDIS && version.major() < 7) {
            return "redis" + version.major() + ".x";
        }
        return engine.wire() + version.major();
    }

    /** A default parameter group must be of the target's family; other names are the parameter groups' to check. */
    private static void checkParameterGroup(String name, Engine engine, EngineVersion version) {
        if (!name.startsWith("default.")) {
            return;
        }
        String family = family(engine, version);
        if (!name.equals("default." + family) && !name.equals("default." + family + ".cluster.on")) {
            throw ElastiCacheFault.invalidCombination("The parameter group " + name + " is not of family " + family
                    + " of engine " + engine.wire() + " " + version + ".");
        }
    }
}
