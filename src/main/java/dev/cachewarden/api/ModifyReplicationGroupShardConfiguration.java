package dev.cachewarden.api;

import dev.cachewarden.auth.AuthorizationResource;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.service.cache.ShardService;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_ModifyReplicationGroupShardConfiguration.html
 * ReshardingConfiguration's availability zones are accepted and ignored (every node runs on this machine).
 */
public final class ModifyReplicationGroupShardConfiguration implements ApiAction {
    private final ShardService shards;
    private final ServiceSettings settings;

    public ModifyReplicationGroupShardConfiguration(ShardService shards, ServiceSettings settings) {
        this.shards = shards;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "ModifyReplicationGroupShardConfiguration";
    }

    @Override
    public AuthorizationResource authorizationResource() {
        return AuthorizationResource.identified("replicationgroup", "ReplicationGroupId");
    }

    @Override
    public Consumer<XmlWriter> execute(QueryRequest request) {
        List<String> resharding = new ArrayList<>();
        for (String prefix : request.structPrefixes("ReshardingConfiguration", "ReshardingConfiguration")
                .or(() -> request.structPrefixes("ReshardingConfiguration", "member")).orElse(List.of())) {
            resharding.add(request.string(prefix + "NodeGroupId").orElse(""));
        }
        ReplicationGroup group = shards.modifyShardConfiguration(new ShardService.ShardConfiguration(
                request.required("ReplicationGroupId"), request.integer("NodeGroupCount"),
                request.bool("ApplyImmediately"), resharding,
                request.list("NodeGroupsToRemove", "NodeGroupToRemove"),
                request.list("NodeGroupsToRetain", "NodeGroupToRetain")));
        return xml -> {
            xml.start("ReplicationGroup");
            CacheXml.replicationGroup(xml, group, settings);
            xml.end();
        };
    }
}
