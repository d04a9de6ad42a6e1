package dev.cachewarden.api;

import dev.cachewarden.auth.AuthorizationResource;
import dev.cachewarden.domain.CacheSubnetGroup;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.cache.CacheSubnetGroupService;
import dev.cachewarden.service.ServiceSettings;
import java.util.function.Consumer;

/** https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_ModifyCacheSubnetGroup.html */
public final class ModifyCacheSubnetGroup implements ApiAction {
    private final CacheSubnetGroupService groups;
    private final ServiceSettings settings;

    public ModifyCacheSubnetGroup(CacheSubnetGroupService groups, ServiceSettings settings) {
        this.groups = groups;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "ModifyCacheSubnetGroup";
    }

    @Override
    public AuthorizationResource authorizationResource() {
        return AuthorizationResource.identified("subnetgroup", "CacheSubnetGroupName");
    }

    @Override
    public Consumer<XmlWriter> execute(QueryRequest request) {
        CacheSubnetGroup group = groups.modify(new CacheSubnetGroupService.ModifyCacheSubnetGroup(
                request.required("CacheSubnetGroupName"),
                request.string("CacheSubnetGroupDescription"),
                CreateCacheSubnetGroup.subnetIds(request)));
        return xml -> {
            xml.start("CacheSubnetGroup");
            SubnetGroupXml.group(xml, group, groups, settings);
            xml.end();
        };
    }
}
