package dev.cachewarden.api;

import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.service.cache.ClusterRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the cluster-mode parameters of CreateReplicationGroup (NodeGroupConfiguration.NodeGroupConfiguration.N.*). */
final class ClusterRequests {
    private ClusterRequests() {}

    static ClusterRules.Request create(QueryRequest request) {
        Optional<List<String>> prefixes = request.structPrefixes("NodeGroupConfiguration", "NodeGroupConfiguration");
        if (prefixes.isEmpty()) {
            prefixes = request.structPrefixes("NodeGroupConfiguration", "member");
        }
        List<ClusterRules.NodeGroupRequest> groups = new ArrayList<>();
        for (String prefix : prefixes.orElse(List.of())) {
            groups.add(new ClusterRules.NodeGroupRequest(request.string(prefix + "NodeGroupId"),
                    request.string(prefix + "Slots"), request.integer(prefix + "ReplicaCount"),
                    request.string(prefix + "PrimaryAvailabilityZone"),
                    request.list(prefix + "ReplicaAvailabilityZones", "AvailabilityZone")));
        }
        return new ClusterRules.Request(groups, request.string("ClusterMode"), request.string("CacheParameterGroupName"));
    }
}
