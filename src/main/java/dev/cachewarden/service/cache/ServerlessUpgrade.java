package dev.cachewarden.service.cache;

import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.EngineVersion;
import dev.cachewarden.domain.ServerlessCache;
import dev.cachewarden.domain.UserGroup;
import dev.cachewarden.service.ServiceEvents;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.store.TaskKind;
import dev.cachewarden.store.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** ModifyServerlessCache's Engine and MajorEngineVersion: {@link EngineUpgradeRules} for a serverless cache. */
final class ServerlessUpgrade {
    private ServerlessUpgrade() {}

    /**
     * @param newGroup UserGroupId, when one is being attached; {@code removing} RemoveUserGroup
     * @return the upgrade, or empty when the request leaves the engine as it is
     */
    static Optional<EngineUpgradeRules.Upgrade> plan(Transaction tx, ServerlessCache cache, Optional<String> engine,
                                                     Optional<String> majorVersion, Optional<String> newGroup,
                                                     boolean removing, CacheRuntime runtime) {
        majorVersion.ifPresent(v -> EngineVersion.parseMajor(v, "MajorEngineVersion"));
        List<UserGroup> guarding = new ArrayList<>();
        List<String> ids = newGroup.map(List::of).orElse(removing ? List.of() : cache.userGroupIds());
        for (String id : ids) {
            tx.userGroups().find(id, false).ifPresent(guarding::add);
        }
        return EngineUpgradeRules.plan(cache.engine(), cache.fullEngineVersion(), engine, majorVersion, Optional.empty(),
                guarding, runtime);
    }

    /** Stores the upgrade with the cache modifying; queues its task unless a user group change already does. */
    static void apply(Transaction tx, String name, EngineUpgradeRules.Upgrade upgrade, boolean taskQueued,
                      ServiceSettings settings) {
        tx.serverlessCaches().updateEngine(name, upgrade.engine(), ServerlessCache.major(upgrade.engineVersion()),
                upgrade.engineVersion());
        if (!taskQueued) {
            tx.serverlessCaches().updateStatus(name, CacheStatus.MODIFYING);
            tx.tasks().enqueue(TaskKind.SERVERLESS_CACHE_MODIFY, name, settings.transitionDueAt());
            ServiceEvents.accepted(tx, settings, TaskKind.SERVERLESS_CACHE_MODIFY, name);
        }
    }
}
