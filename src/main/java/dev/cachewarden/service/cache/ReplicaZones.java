package dev.cachewarden.service.cache;

import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.NodeGroup;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.service.settings.SettingsRules;
import dev.cachewarden.store.Transaction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * IncreaseReplicaCount's PreferredAvailabilityZones (ReplicaConfiguration): one zone per node of the
 * shard after the change, the primary's first, so the new replicas take the zones after the shard's
 * current nodes. Kept with the group's other placement, answered as each node's PreferredAvailabilityZone.
 */
final class ReplicaZones {
    private ReplicaZones() {}

    static void place(Transaction tx, ReplicationGroup before, List<CacheNode> added,
                      List<ReplicaService.ConfigureShard> shards, String region) {
        Map<String, String> zones = new LinkedHashMap<>();
        for (ReplicaService.ConfigureShard c : shards) {
            if (c.preferredAvailabilityZones().isEmpty()) {
                continue;
            }
            List<String> asked = SettingsRules.availabilityZones(c.preferredAvailabilityZones(), region);
            NodeGroup shard;
            try {
                shard = ClusterReplicas.nodeGroup(before, c.nodeGroupId());
            } catch (dev.cachewarden.domain.fault.ElastiCacheFault e) {
                // IncreaseReplicaCount's model lists no NodeGroupNotFound: an unknown group is a bad value.
                throw dev.cachewarden.domain.fault.ElastiCacheFault.invalidValue(e.getMessage());
            }
            int position = (int) shard.members().stream().filter(n -> n.status() != CacheNode.Status.DELETING).count();
            for (CacheNode node : added) {
                if (node.nodeGroupId().equals(shard.nodeGroupId()) && position < asked.size()) {
                    zones.put(node.cacheClusterId(), asked.get(position++));
                }
            }
        }
        if (zones.isEmpty()) {
            return;
        }
        tx.cacheSettings().find(before.ref()).ifPresent(s -> tx.cacheSettings().put(before.ref(),
                s.withPlacement(s.placement().withZones(zones, region + "a"))));
    }
}
