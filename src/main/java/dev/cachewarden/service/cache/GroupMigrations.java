package dev.cachewarden.service.cache;

import dev.cachewarden.domain.PendingModes;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.UserGroup;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.store.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a ModifyReplicationGroup's migration parameters ({@link GroupChanges}) change, checked by
 * {@link AuthTokenRules}, {@link TransitEncryptionRules} and {@link EngineUpgradeRules} against the group
 * and the user groups it gets, and stored with the group modifying; the engine then makes it true on
 * the nodes (engine.Migrations).
 */
public final class GroupMigrations {
    /** The accepted changes; each empty when not asked. */
    public record Plan(Optional<AuthTokenRules.TokenChange> token, Optional<TransitEncryptionRules.TransitChange> transit,
                       Optional<EngineUpgradeRules.Upgrade> upgrade) {
        public boolean isEmpty() {
            return token.isEmpty() && transit.isEmpty() && upgrade.isEmpty();
        }

        /** Stores the changes; the caller marks the group modifying and queues its task. */
        public void apply(Transaction tx, String replicationGroupId, PendingModes pending) {
            token.ifPresent(t -> tx.replicationGroups().updateAuthToken(replicationGroupId, t.current(), t.state()));
            transit.ifPresent(t -> {
                tx.replicationGroups().updateTransitEncryption(replicationGroupId, t.enabled(), t.mode());
                // PendingModifiedValues until the engine has moved the endpoints over (settle clears it).
                tx.replicationGroups().updatePendingModes(replicationGroupId, pending.withTransit(t.enabled(), t.mode()));
            });
            upgrade.ifPresent(u -> tx.replicationGroups().updateEngine(replicationGroupId, u.engine(), u.engineVersion()));
        }
    }

    private GroupMigrations() {}

    /**
     * @param toAdd UserGroupIdsToAdd, checked already
     * @param removing the user groups being detached
     */
    public static Plan plan(Transaction tx, ReplicationGroup group, GroupChanges changes, List<String> toAdd,
                            List<String> removing, CacheRuntime runtime, long nowMillis) {
        Optional<AuthTokenRules.TokenChange> token = AuthTokenRules.plan(group, changes.authToken(),
                changes.authTokenUpdateStrategy(), toAdd, removing, nowMillis);
        List<String> groupsAfter = new ArrayList<>(group.userGroupIds());
        groupsAfter.removeAll(removing);
        groupsAfter.addAll(toAdd);
        boolean tokenAfter = token.map(t -> t.current() != null).orElse(group.authTokenHash() != null);
        Optional<TransitEncryptionRules.TransitChange> transit = TransitEncryptionRules.plan(group,
                changes.transitEncryptionEnabled(), changes.transitEncryptionMode(), !groupsAfter.isEmpty(), tokenAfter);
        List<UserGroup> guarding = new ArrayList<>();
        for (String id : groupsAfter) {
            tx.userGroups().find(id, false).ifPresent(guarding::add);
        }
        if (changes.engine().isPresent() || changes.engineVersion().isPresent()) {
            ClusterModeChanges.refuseWhileCompatible(group, "Changing the engine or engine version");
        }
        Optional<EngineUpgradeRules.Upgrade> upgrade = EngineUpgradeRules.plan(group.engine(), group.engineVersion(),
                changes.engine(), changes.engineVersion(), changes.cacheParameterGroupName(), guarding, runtime);
        return new Plan(token, transit, upgrade);
    }

    /** The modification applied on every node: a token change in progress is no longer pending. */
    public static void settle(Transaction tx, ReplicationGroup group) {
        if (!group.pendingModes().isEmpty()) {
            tx.replicationGroups().updatePendingModes(group.replicationGroupId(), PendingModes.NONE);
        }
        if (group.authTokenState().pending() != null) {
            tx.replicationGroups().updateAuthToken(group.replicationGroupId(), group.authTokenHash(),
                    group.authTokenState().withPending(null));
        }
    }
}
