package dev.cachewarden.service.cache;

import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.NodeGroup;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.domain.fault.Fault;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * IncreaseReplicaCount and DecreaseReplicaCount on a group with cluster mode enabled, shard by shard:
 * {@code NewReplicaCount} applies to every node group, each {@code ReplicaConfiguration} entry to the one
 * it names (the others keep theirs). New replicas are numbered within their shard as AWS numbers them
 * ({@code <rg>-0002-003}); the replicas removed by a count are each shard's newest.
 */
final class ClusterReplicas {
    private ClusterReplicas() {}

    /** @return the new replicas to add ({@code creating}), each in its shard and with the shard's slots */
    static List<CacheNode> added(ReplicationGroup group, ReplicaService.ReplicaCountChange r, IntSupplier port) {
        Map<String, Integer> wanted = targets(group, r);
        List<CacheNode> added = new ArrayList<>();
        boolean grows = false;
        for (NodeGroup shard : serving(group)) {
            int current = shard.replicas().size();
            int target = wanted.getOrDefault(shard.nodeGroupId(), current);
            if (target > CacheService.MAX_REPLICAS) {
                throw ElastiCacheFault.invalidValue("NewReplicaCount must be at most " + CacheService.MAX_REPLICAS
                        + " (a node group holds a primary and up to " + CacheService.MAX_REPLICAS + " replicas).");
            }
            if (target < current) {
                throw ElastiCacheFault.invalidValue("The new replica count (" + target + ") of node group "
                        + shard.nodeGroupId() + " must not be less than its current replica count (" + current + ").");
            }
            grows |= target > current;
        }
        if (!grows) {
            throw ElastiCacheFault.invalidValue("The new replica count must be greater than the current replica count "
                    + "of at least one node group of replication group " + group.replicationGroupId() + ".");
        }
        int nodes = group.servingNodes().size();
        for (NodeGroup shard : serving(group)) {
            int current = shard.replicas().size();
            int next = nextMember(group, shard.nodeGroupId());
            for (int i = current; i < wanted.getOrDefault(shard.nodeGroupId(), current); i++) {
                added.add(new CacheNode(ClusterRules.nodeId(group.replicationGroupId(), shard.nodeGroupId(), next++),
                        CacheNode.LOOPBACK, port.getAsInt(), false, CacheNode.Status.CREATING, shard.nodeGroupId(),
                        shard.slots()));
            }
        }
        if (nodes + added.size() > ClusterRules.MAX_CLUSTER_NODES) {
            throw new ElastiCacheFault(Fault.NODE_QUOTA_FOR_CUSTOMER_EXCEEDED, "The request would exceed the maximum "
                    + "of " + ClusterRules.MAX_CLUSTER_NODES + " nodes in a replication group with cluster mode enabled.");
        }
        return added;
    }

    /** @return the replicas to remove: the ones named, or each shard's newest down to its new count */
    static List<String> removed(ReplicationGroup group, ReplicaService.ReplicaCountChange r) {
        List<String> removing = new ArrayList<>();
        if (!r.replicasToRemove().isEmpty()) {
            Set<String> named = new LinkedHashSet<>();
            for (String raw : r.replicasToRemove()) {
                String id = raw.toLowerCase(Locale.ROOT);
                CacheNode node = group.servingNodes().stream().filter(n -> n.cacheClusterId().equals(id)).findFirst()
                        .orElseThrow(() -> ElastiCacheFault.invalidValue("Cache cluster " + raw + " is not a member "
                                + "of replication group " + group.replicationGroupId() + "."));
                if (node.primary()) {
                    throw ElastiCacheFault.invalidValue("Cache cluster " + id + " is the primary of node group "
                            + node.nodeGroupId() + " and cannot be removed; remove replicas only.");
                }
                named.add(id);
            }
            removing.addAll(named);
        } else {
            Map<String, Integer> wanted = targets(group, r);
            boolean shrinks = false;
            for (NodeGroup shard : serving(group)) {
                List<CacheNode> replicas = shard.replicas();
                int target = wanted.getOrDefault(shard.nodeGroupId(), replicas.size());
                if (target < 0) {
                    throw ElastiCacheFault.invalidValue("NewReplicaCount must be at least 0.");
                }
                if (target > replicas.size()) {
                    throw ElastiCacheFault.invalidValue("The new replica count (" + target + ") of node group "
                            + shard.nodeGroupId() + " must not be greater than its current replica count ("
                            + replicas.size() + ").");
                }
                shrinks |= target < replicas.size();
                replicas.subList(target, replicas.size()).reversed().forEach(n -> removing.add(n.cacheClusterId()));
            }
            if (!shrinks) {
                throw ElastiCacheFault.invalidValue("The new replica count must be less than the current replica count "
                        + "of at least one node group of replication group " + group.replicationGroupId() + ".");
            }
        }
        if (group.multiAz()) {
            for (NodeGroup shard : serving(group)) {
                if (shard.replicas().stream().allMatch(n -> removing.contains(n.cacheClusterId()))) {
                    throw ElastiCacheFault.invalidValue("Node group " + shard.nodeGroupId() + " must have at least 1 "
                            + "replica when Multi-AZ is enabled.");
                }
            }
        }
        return removing;
    }

    /** The shard a TestFailover names, 4 digits as AWS writes them; NodeGroupNotFound if the group has none such. */
    static NodeGroup nodeGroup(ReplicationGroup group, String nodeGroupId) {
        String id = normalised(nodeGroupId);
        return serving(group).stream().filter(s -> s.nodeGroupId().equals(id)).findFirst()
                .orElseThrow(() -> new ElastiCacheFault(Fault.NODE_GROUP_NOT_FOUND, "Node group " + nodeGroupId
                        + " not found in replication group " + group.replicationGroupId() + "."));
    }

    /** The new replica count each named shard asks for (one entry per shard; one shard without cluster mode). */
    static Map<String, Integer> targets(ReplicationGroup group, ReplicaService.ReplicaCountChange r) {
        if (r.newReplicaCount().isPresent() && !r.replicaConfiguration().isEmpty()) {
            throw ElastiCacheFault.invalidCombination("Only one of NewReplicaCount and ReplicaConfiguration can be "
                    + "specified.");
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        if (r.newReplicaCount().isPresent()) {
            serving(group).forEach(s -> out.put(s.nodeGroupId(), r.newReplicaCount().get()));
            return out;
        }
        if (r.replicaConfiguration().isEmpty()) {
            throw ElastiCacheFault.invalidValue("Either NewReplicaCount or ReplicaConfiguration must be specified.");
        }
        Set<String> known = new LinkedHashSet<>(serving(group).stream().map(NodeGroup::nodeGroupId).toList());
        for (ReplicaService.ConfigureShard shard : r.replicaConfiguration()) {
            String id = normalised(shard.nodeGroupId());
            if (!known.contains(id)) {
                // The model lists no NodeGroupNotFound for these two actions: an unknown id is a bad value.
                throw ElastiCacheFault.invalidValue("Node group " + shard.nodeGroupId() + " not found in replication "
                        + "group " + group.replicationGroupId() + ".");
            }
            if (out.put(id, shard.newReplicaCount()) != null) {
                throw ElastiCacheFault.invalidValue("ReplicaConfiguration names node group " + id + " more than once.");
            }
        }
        return out;
    }

    /** The shards with their serving members only (replicas being removed left out). */
    private static List<NodeGroup> serving(ReplicationGroup group) {
        return group.nodeGroups().stream().map(s -> new NodeGroup(s.nodeGroupId(), s.slots(), s.members().stream()
                .filter(n -> n.status() != CacheNode.Status.DELETING).toList()))
                .filter(s -> !s.members().isEmpty()).toList();
    }

    private static String normalised(String nodeGroupId) {
        return nodeGroupId != null && nodeGroupId.matches("\\d{1,4}")
                ? String.format(Locale.ROOT, "%04d", Integer.parseInt(nodeGroupId)) : String.valueOf(nodeGroupId);
    }

    /** One more than the highest member number the shard has had ({@code rg-0002-002} → 3). */
    private static int nextMember(ReplicationGroup group, String nodeGroupId) {
        int max = 0;
        for (CacheNode n : group.nodes()) {
            if (n.nodeGroupId().equals(nodeGroupId)) {
                String id = n.cacheClusterId();
                try {
                    max = Math.max(max, Integer.parseInt(id.substring(id.lastIndexOf('-') + 1)));
                } catch (NumberFormatException e) {
                    // not numbered as we number nodes; ignore it
                }
            }
        }
        return max + 1;
    }
}
