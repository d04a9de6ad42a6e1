package dev.cachewarden.api;

import dev.cachewarden.protocol.QueryRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads every outpost ARN a request names (CreateReplicationGroup's NodeGroupConfiguration,
 * Increase/DecreaseReplicaCount's ReplicaConfiguration), under the model's member names and under
 * {@code member}, for {@link dev.cachewarden.service.settings.OutpostRules}.
 */
final class OutpostRequests {
    private OutpostRequests() {}

    static List<String> createReplicationGroup(QueryRequest r) {
        List<String> arns = new ArrayList<>();
        for (String prefix : prefixes(r, "NodeGroupConfiguration", "NodeGroupConfiguration")) {
            r.string(prefix + "PrimaryOutpostArn").ifPresent(arns::add);
            list(r, prefix + "ReplicaOutpostArns", "OutpostArn").ifPresent(arns::addAll);
        }
        return arns;
    }

    static List<String> replicaConfiguration(QueryRequest r) {
        List<String> arns = new ArrayList<>();
        for (String prefix : prefixes(r, "ReplicaConfiguration", "ConfigureShard")) {
            list(r, prefix + "PreferredOutpostArns", "PreferredOutpostArn").ifPresent(arns::addAll);
        }
        return arns;
    }

    private static List<String> prefixes(QueryRequest r, String name, String memberName) {
        return r.structPrefixes(name, memberName).or(() -> r.structPrefixes(name, "member")).orElse(List.of());
    }

    private static Optional<List<String>> list(QueryRequest r, String name, String memberName) {
        return r.list(name, memberName).or(() -> r.list(name));
    }
}
