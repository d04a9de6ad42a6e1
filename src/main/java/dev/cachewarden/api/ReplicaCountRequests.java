package dev.cachewarden.api;

import dev.cachewarden.protocol.AwsException;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.service.cache.ReplicaService;
import java.util.ArrayList;
import java.util.List;

/** Reads IncreaseReplicaCount's and DecreaseReplicaCount's common parameters. */
final class ReplicaCountRequests {
    private ReplicaCountRequests() {}

    static ReplicaService.ReplicaCountChange read(QueryRequest request, boolean removals) {
        List<ReplicaService.ConfigureShard> shards = new ArrayList<>();
        for (String prefix : request.structPrefixes("ReplicaConfiguration", "ConfigureShard").orElse(List.of())) {
            String nodeGroupId = request.string(prefix + "NodeGroupId").orElseThrow(() -> AwsException.invalidValue(
                    "NodeGroupId is required: " + prefix + "NodeGroupId."));
            int count = request.integer(prefix + "NewReplicaCount").orElseThrow(() -> AwsException.invalidValue(
                    "NewReplicaCount is required: " + prefix + "NewReplicaCount."));
            // AWS's rule: one zone per node of the shard, the primary's first (IncreaseReplicaCount places
            // the new replicas in the zones after the current nodes').
            List<String> zones = request.list(prefix + "PreferredAvailabilityZones", "PreferredAvailabilityZone")
                    .orElse(List.of());
            if (!zones.isEmpty() && zones.size() != count + 1) {
                throw AwsException.invalidValue("The number of PreferredAvailabilityZones (" + zones.size()
                        + ") must equal NewReplicaCount plus 1 (" + (count + 1) + ") for node group " + nodeGroupId + ".");
            }
            shards.add(new ReplicaService.ConfigureShard(nodeGroupId, count, zones));
        }
        return new ReplicaService.ReplicaCountChange(request.required("ReplicationGroupId"),
                request.bool("ApplyImmediately"), request.integer("NewReplicaCount"), shards,
                removals ? request.list("ReplicasToRemove").orElse(List.of()) : List.of());
    }
}
