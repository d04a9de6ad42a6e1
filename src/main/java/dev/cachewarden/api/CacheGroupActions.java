package dev.cachewarden.api;

import dev.cachewarden.service.cache.CacheParameterGroupService;
import dev.cachewarden.service.cache.CacheSubnetGroupService;
import dev.cachewarden.service.ServiceSettings;
import java.util.ArrayList;
import java.util.List;

/** The subnet group and parameter group actions, registered together with the others. */
public final class CacheGroupActions {
    private CacheGroupActions() {}

    public static List<ApiAction> all(CacheSubnetGroupService subnets, CacheParameterGroupService parameters,
                                      ServiceSettings settings) {
        List<ApiAction> actions = new ArrayList<>(List.of(
                new CreateCacheSubnetGroup(subnets, settings), new DescribeCacheSubnetGroups(subnets, settings),
                new ModifyCacheSubnetGroup(subnets, settings), new DeleteCacheSubnetGroup(subnets)));
        actions.addAll(ParameterGroupActions.all(parameters, settings));
        return actions;
    }
}
