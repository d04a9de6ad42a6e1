package dev.cachewarden.service.cache;

import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.NodeGroup;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.domain.fault.Fault;
import dev.cachewarden.service.ServiceEvents;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.store.Store;
import dev.cachewarden.store.TaskKind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * ModifyReplicationGroupShardConfiguration: shards added (each with as many replicas as the first shard
 * has) or removed, the slots split evenly again over the shards that remain. The target is stored at
 * once (new nodes {@code creating}, removed ones {@code deleting}, every shard's new slots) with the
 * group {@code modifying}; the engine then starts the new nodes, gives them the ACL, and moves slots with
 * their keys until the nodes agree with the store.
 */
public final class ShardService {
    public record ShardConfiguration(String replicationGroupId, Optional<Integer> nodeGroupCount,
                                     Optional<Boolean> applyImmediately, List<String> reshardingNodeGroupIds,
                                     Optional<List<String>> nodeGroupsToRemove, Optional<List<String>> nodeGroupsToRetain) {}

    private final Store store;
    private final ServiceSettings settings;
    private final CacheRuntime runtime;
    private final Runnable transitionsChanged;

    public ShardService(Store store, ServiceSettings settings, CacheRuntime runtime, Runnable transitionsChanged) {
        this.store = store;
        this.settings = settings;
        this.runtime = runtime;
        this.transitionsChanged = transitionsChanged;
    }

    public ReplicationGroup modifyShardConfiguration(ShardConfiguration r) {
        String id = CacheService.replicationGroupId(r.replicationGroupId());
        int count = r.nodeGroupCount().orElseThrow(() -> ElastiCacheFault.invalidValue(
                "The request must contain the parameter NodeGroupCount."));
        if (!r.applyImmediately().orElseThrow(() -> ElastiCacheFault.invalidValue(
                "The request must contain the parameter ApplyImmediately."))) {
            throw ElastiCacheFault.invalidValue("ApplyImmediately must be true: shards are reconfigured immediately.");
        }
        if (count < 1) {
            throw ElastiCacheFault.invalidValue("NodeGroupCount must be at least 1.");
        }
        if (count > ClusterRules.MAX_NODE_GROUPS) {
            throw new ElastiCacheFault(Fault.NODE_GROUPS_PER_REPLICATION_GROUP_QUOTA_EXCEEDED, "The request cannot be "
                    + "processed because it would exceed the maximum allowed number of node groups (shards) in a single "
                    + "replication group. The default maximum is " + ClusterRules.MAX_NODE_GROUPS + ".");
        }
        if (r.nodeGroupsToRemove().isPresent() && r.nodeGroupsToRetain().isPresent()) {
            throw ElastiCacheFault.invalidCombination("Specify either NodeGroupsToRemove or NodeGroupsToRetain, not both.");
        }
        ReplicationGroup modified = store.inTransaction(tx -> {
            ReplicationGroup group = tx.replicationGroups().find(id, true).orElseThrow(() -> CacheService.notFound(id));
            if (!group.clusterEnabled()) {
                throw ElastiCacheFault.invalidCombination("Replication group " + id + " does not have cluster mode "
                        + "enabled: its shard configuration cannot be modified.");
            }
            if (group.status() != CacheStatus.AVAILABLE) {
                throw new ElastiCacheFault(Fault.INVALID_REPLICATION_GROUP_STATE, "Replication group " + id
                        + " is not in available state (it is " + group.status().wire() + ").");
            }
            List<NodeGroup> shards = group.nodeGroups();
            if (count == shards.size()) {
                throw ElastiCacheFault.invalidValue("Replication group " + id + " already has " + count
                        + " node groups.");
            }
            List<CacheNode> nodes = new ArrayList<>();
            List<String> kept = new ArrayList<>();
            if (count > shards.size()) {
                if (r.nodeGroupsToRemove().isPresent() || r.nodeGroupsToRetain().isPresent()) {
                    throw ElastiCacheFault.invalidCombination("NodeGroupsToRemove and NodeGroupsToRetain apply only when "
                            + "NodeGroupCount is less than the current number of node groups.");
                }
                int nodeCount = group.servingNodes().size() + (count - shards.size()) * shards.get(0).members().size();
                if (nodeCount > ClusterRules.MAX_CLUSTER_NODES) {
                    // botocore's model lists NodeQuotaForCustomerExceeded for this action (NodeQuotaForCluster is create's).
                    throw new ElastiCacheFault(Fault.NODE_QUOTA_FOR_CUSTOMER_EXCEEDED, "The request would exceed the "
                            + "maximum of " + ClusterRules.MAX_CLUSTER_NODES + " nodes in a replication group with "
                            + "cluster mode enabled.");
                }
                shards.forEach(s -> kept.add(s.nodeGroupId()));
                List<Integer> taken = new ArrayList<>(tx.replicationGroups().portsInUse());
                int next = 1;
                for (int i = shards.size(); i < count; i++) {
                    while (kept.contains(String.format(Locale.ROOT, "%04d", next))) {
                        next++;
                    }
                    String shardId = String.format(Locale.ROOT, "%04d", next);
                    kept.add(shardId);
                    for (int member = 1; member <= shards.get(0).members().size(); member++) {
                        int port = runtime.freePort(taken);
                        taken.add(port);
                        CacheNode node = new CacheNode(ClusterRules.nodeId(id, shardId, member), CacheNode.LOOPBACK, port,
                                member == 1, CacheNode.Status.CREATING, shardId, "");
                        nodes.add(EndpointAddresses.addedNode(group, nodes, node, runtime).orElse(node)); // a Port's block
                    }
                }
            } else {
                if (!r.reshardingNodeGroupIds().isEmpty()) {
                    throw ElastiCacheFault.invalidCombination("ReshardingConfiguration applies only when NodeGroupCount is "
                            + "greater than the current number of node groups.");
                }
                Set<String> existing = new LinkedHashSet<>(shards.stream().map(NodeGroup::nodeGroupId).toList());
                Set<String> removing = new LinkedHashSet<>();
                if (r.nodeGroupsToRemove().isPresent()) {
                    for (String g : r.nodeGroupsToRemove().get()) {
                        removing.add(known(existing, g, id));
                    }
                } else if (r.nodeGroupsToRetain().isPresent()) {
                    Set<String> retain = new LinkedHashSet<>();
                    for (String g : r.nodeGroupsToRetain().get()) {
                        retain.add(known(existing, g, id));
                    }
                    existing.stream().filter(g -> !retain.contains(g)).forEach(removing::add);
                } else {
                    throw ElastiCacheFault.invalidValue("NodeGroupsToRemove or NodeGroupsToRetain is required when "
                            + "NodeGroupCount is less than the current number of node groups.");
                }
                if (existing.size() - removing.size() != count) {
                    throw ElastiCacheFault.invalidCombination("NodeGroupCount (" + count + ") does not match the "
                            + "node groups that would remain (" + (existing.size() - removing.size()) + ").");
                }
                existing.stream().filter(g -> !removing.contains(g)).forEach(kept::add);
                for (NodeGroup s : shards) {
                    if (removing.contains(s.nodeGroupId())) {
                        s.members().forEach(n -> tx.replicationGroups().updateNodeStatus(n.cacheClusterId(),
                                CacheNode.Status.DELETING));
                    }
                }
            }
            if (!nodes.isEmpty()) {
                tx.replicationGroups().addNodes(id, nodes);
            }
            List<List<int[]>> split = SlotRanges.even(kept.size());
            for (int i = 0; i < kept.size(); i++) {
                tx.replicationGroups().updateSlots(id, kept.get(i), SlotRanges.format(split.get(i)));
            }
            Set<String> gone = new LinkedHashSet<>(shards.stream().map(NodeGroup::nodeGroupId).toList());
            gone.removeAll(kept);
            for (String g : gone) {
                tx.replicationGroups().updateSlots(id, g, "");
            }
            tx.replicationGroups().updateStatus(id, CacheStatus.MODIFYING);
            tx.tasks().enqueue(TaskKind.REPLICATION_GROUP_MODIFY, id, settings.transitionDueAt());
            ServiceEvents.accepted(tx, settings, TaskKind.REPLICATION_GROUP_MODIFY, id);
            return tx.replicationGroups().find(id, false).orElseThrow();
        });
        transitionsChanged.run();
        return modified;
    }

    private static String known(Set<String> existing, String raw, String id) {
        String shard = raw.matches("\\d{1,4}") ? String.format(Locale.ROOT, "%04d", Integer.parseInt(raw)) : raw;
        if (!existing.contains(shard)) {
            // The model lists no NodeGroupNotFound for this action: an unknown id is a bad parameter value.
            throw new ElastiCacheFault(Fault.INVALID_PARAMETER_VALUE, "Node group " + raw + " not found in replication group "
                    + id + ".");
        }
        return shard;
    }
}
