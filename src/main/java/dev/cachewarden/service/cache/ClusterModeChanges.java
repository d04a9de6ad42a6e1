package dev.cachewarden.service.cache;

import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.ClusterMode;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.domain.fault.Fault;
import dev.cachewarden.service.ServiceEvents;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.store.ReplicationGroupCacheGroupRepository;
import dev.cachewarden.store.TaskKind;
import dev.cachewarden.store.Transaction;
import java.util.List;
import java.util.Optional;

/**
 * ModifyReplicationGroup's ClusterMode: the conversion of a running group (disabled → compatible →
 * enabled, {@link ClusterRules#checkModify}) recorded as PendingModifiedValues.ClusterMode with the group
 * modifying; the engine (engine.cluster.ClusterModeConversion) restarts the nodes as a one-shard Redis Cluster
 * and stores the new mode, and completing the task clears the pending value.
 */
public final class ClusterModeChanges {
    /** ModifyReplicationGroup's members besides those a ClusterMode change may come with. */
    public static final List<String> OTHER_PARAMETERS = List.of("ReplicationGroupDescription", "PrimaryClusterId",
            "SnapshottingClusterId", "AutomaticFailoverEnabled", "MultiAZEnabled", "NodeGroupId",
            "CacheSecurityGroupNames", "SecurityGroupIds", "PreferredMaintenanceWindow", "NotificationTopicArn",
            "NotificationTopicStatus", "Engine", "EngineVersion", "AutoMinorVersionUpgrade", "SnapshotRetentionLimit",
            "SnapshotWindow", "CacheNodeType", "AuthToken", "AuthTokenUpdateStrategy", "UserGroupIdsToAdd",
            "UserGroupIdsToRemove", "RemoveUserGroups", "LogDeliveryConfigurations", "IpDiscovery",
            "TransitEncryptionEnabled", "TransitEncryptionMode");

    /**
     * What a compatible group refuses (AWS: "other modification operations such as scaling and engine
     * version aren't allowed"): the node type, the engine, and the failover settings, whose replica
     * promotion uses REPLICAOF, which cluster nodes refuse.
     */
    static final List<String> WHILE_COMPATIBLE_REFUSED = List.of("CacheNodeType", "Engine", "EngineVersion",
            "PrimaryClusterId", "AutomaticFailoverEnabled", "MultiAZEnabled", "NodeGroupId");

    private ClusterModeChanges() {}

    /**
     * The hook that records an asked ClusterMode change in ModifyReplicationGroup's transaction.
     *
     * @param otherChanges the {@link #OTHER_PARAMETERS} the request carries
     */
    public static ReplicationGroupHook forModify(ServiceSettings settings, Optional<String> clusterMode,
                                                 List<String> otherChanges, Optional<String> cacheParameterGroupName) {
        if (clusterMode.isEmpty()) {
            List<String> restricted = otherChanges.stream().filter(WHILE_COMPATIBLE_REFUSED::contains).toList();
            return restricted.isEmpty() ? ReplicationGroupHook.NONE : (tx, group) -> {
                refuseWhileCompatible(group, "Modifying " + String.join(", ", restricted));
                return false;
            };
        }
        return (tx, group) -> {
            Optional<ClusterMode> to = ClusterRules.checkModify(group, clusterMode.get(), otherChanges,
                    cacheParameterGroupName);
            if (to.isEmpty()) {
                return false;
            }
            String id = group.replicationGroupId();
            if (group.status() != CacheStatus.AVAILABLE) {
                throw new ElastiCacheFault(Fault.INVALID_REPLICATION_GROUP_STATE, "Replication group " + id
                        + " is not in available state (it is " + group.status().wire() + ").");
            }
            if (to.get() == ClusterMode.COMPATIBLE && cacheParameterGroupName.isEmpty()) {
                clusterOnDefault(tx, id);
            }
            tx.replicationGroups().updatePendingModes(id, group.pendingModes().withClusterMode(to.get()));
            tx.replicationGroups().updateStatus(id, CacheStatus.MODIFYING);
            tx.tasks().enqueue(TaskKind.REPLICATION_GROUP_MODIFY, id, settings.transitionDueAt());
            ServiceEvents.accepted(tx, settings, TaskKind.REPLICATION_GROUP_MODIFY, id);
            return true;
        };
    }

    /**
     * AWS: "If you are using a default parameter group, ElastiCache will automatically pick the corresponding
     * default parameter group with a cluster-enabled configuration." A group naming none answers its
     * family's default, which follows the mode already (CacheGroupReferences).
     */
    private static void clusterOnDefault(Transaction tx, String id) {
        tx.replicationGroupCacheGroups().find(id).filter(n -> n.cacheParameterGroupName() != null
                        && n.cacheParameterGroupName().startsWith("default.") && !ClusterRules.clusterOn(n.cacheParameterGroupName()))
                .ifPresent(n -> tx.replicationGroupCacheGroups().put(id, new ReplicationGroupCacheGroupRepository.Names(
                        n.cacheSubnetGroupName(), n.cacheParameterGroupName() + ".cluster.on")));
    }

    /** Both hooks, each run (what either changes counts). */
    public static ReplicationGroupHook both(ReplicationGroupHook a, ReplicationGroupHook b) {
        return (tx, group) -> a.apply(tx, group) | b.apply(tx, group);
    }

    /** Whether a group in compatible mode refuses other modifications (scaling, engine), as AWS does. */
    static void refuseWhileCompatible(ReplicationGroup group, String what) {
        if (group.clusterMode() == ClusterMode.COMPATIBLE && group.nodes().stream().anyMatch(n -> !n.slots().isEmpty())) {
            throw ElastiCacheFault.invalidCombination(what + " is not allowed while ClusterMode is compatible: set "
                    + "ClusterMode to enabled first.");
        }
    }
}
