package dev.cachewarden.service.cache;

import dev.cachewarden.domain.AutomaticFailoverStatus;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import java.util.Optional;

/**
 * AutomaticFailoverEnabled and MultiAZEnabled, with ElastiCache's rules for a group without cluster
 * mode: automatic failover needs at least one replica (two cache clusters), and Multi-AZ needs
 * automatic failover. The messages are AWS's where its wording is known (the first, and the replica
 * count one, appear verbatim in Terraform's and users' reports).
 */
final class FailoverRules {
    /** AWS's wording for automatic failover on a group of one node. */
    static final String NEEDS_TWO_CLUSTERS =
            "When using automatic failover, there must be at least 2 cache clusters in the replication group.";
    static final String MULTI_AZ_NEEDS_FAILOVER =
            "Multi-AZ can be enabled only when automatic failover is enabled on the replication group.";
    /** AWS's wording when DecreaseReplicaCount would leave an automatic-failover group without a replica. */
    static final String NEEDS_ONE_REPLICA =
            "Must have at least 1 replica when cluster mode is disabled with auto failover enabled.";

    private FailoverRules() {}

    /** What CreateReplicationGroup asked for, checked against its node count. */
    record Settings(boolean automaticFailover, boolean multiAz) {}

    static Settings forCreate(Optional<Boolean> automaticFailover, Optional<Boolean> multiAz, int nodeCount) {
        boolean failover = automaticFailover.orElse(false);
        boolean az = multiAz.orElse(false);
        if (az && !failover) {
            throw ElastiCacheFault.invalidCombination(MULTI_AZ_NEEDS_FAILOVER);
        }
        if (failover && nodeCount < 2) {
            throw ElastiCacheFault.invalidCombination(NEEDS_TWO_CLUSTERS);
        }
        return new Settings(failover, az);
    }

    /**
     * What ModifyReplicationGroup leaves: the asked values over the current ones. @return empty when
     * neither changes
     */
    static Optional<Settings> forModify(ReplicationGroup group, Optional<Boolean> automaticFailover,
                                        Optional<Boolean> multiAz) {
        boolean currentFailover = group.automaticFailover().settled() == AutomaticFailoverStatus.ENABLED;
        boolean failover = automaticFailover.orElse(currentFailover);
        // Turning automatic failover off turns Multi-AZ off with it unless Multi-AZ is asked for too.
        boolean az = multiAz.orElse(group.multiAz() && failover);
        if (az && !failover) {
            throw ElastiCacheFault.invalidCombination(MULTI_AZ_NEEDS_FAILOVER);
        }
        if (failover && group.replicas().isEmpty()) {
            throw ElastiCacheFault.invalidCombination(NEEDS_TWO_CLUSTERS);
        }
        if (failover == currentFailover && az == group.multiAz()) {
            return Optional.empty();
        }
        return Optional.of(new Settings(failover, az));
    }

    /**
     * ModifyReplicationGroup's PrimaryClusterId: the replica to promote, or empty when it is the primary
     * already (nothing to do). A node not in the group is AWS's CacheClusterNotFound.
     */
    static Optional<String> promoting(ReplicationGroup group, String primaryClusterId) {
        String id = primaryClusterId.toLowerCase(java.util.Locale.ROOT);
        dev.cachewarden.domain.CacheNode node = group.servingNodes().stream()
                .filter(n -> n.cacheClusterId().equals(id)).findFirst()
                .orElseThrow(() -> new ElastiCacheFault(dev.cachewarden.domain.fault.Fault.CACHE_CLUSTER_NOT_FOUND,
                        "CacheCluster not found: " + primaryClusterId));
        if (node.primary()) {
            return Optional.empty();
        }
        if (node.status() != dev.cachewarden.domain.CacheNode.Status.AVAILABLE) {
            throw ElastiCacheFault.invalidValue("Cache cluster " + id + " is not available yet and cannot become the "
                    + "primary.");
        }
        return Optional.of(id);
    }

    /** The status while a change is applied: enabling or disabling, or as it was when unchanged. */
    static AutomaticFailoverStatus transition(ReplicationGroup group, boolean failover) {
        boolean current = group.automaticFailover().settled() == AutomaticFailoverStatus.ENABLED;
        if (failover == current) {
            return group.automaticFailover().settled();
        }
        return failover ? AutomaticFailoverStatus.ENABLING : AutomaticFailoverStatus.DISABLING;
    }
}
