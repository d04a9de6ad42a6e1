package dev.cachewarden.api;

import dev.cachewarden.auth.AuthorizationResource;
import dev.cachewarden.domain.CacheSubnetGroup;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.cache.CacheSubnetGroupService;
import dev.cachewarden.service.Page;
import dev.cachewarden.service.ServiceSettings;
import java.util.function.Consumer;

/** https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DescribeCacheSubnetGroups.html */
public final class DescribeCacheSubnetGroups implements ApiAction {
    private final CacheSubnetGroupService groups;
    private final ServiceSettings settings;

    public DescribeCacheSubnetGroups(CacheSubnetGroupService groups, ServiceSettings settings) {
        this.groups = groups;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "DescribeCacheSubnetGroups";
    }

    @Override
    public AuthorizationResource authorizationResource() {
        return AuthorizationResource.identified("subnetgroup", "CacheSubnetGroupName");
    }

    @Override
    public Consumer<XmlWriter> execute(QueryRequest request) {
        Page<CacheSubnetGroup> page = groups.describe(new CacheSubnetGroupService.DescribeCacheSubnetGroups(
                request.string("CacheSubnetGroupName"),
                request.integer("MaxRecords").orElse(null),
                request.string("Marker").orElse(null)));
        return xml -> {
            xml.element("Marker", page.marker()).start("CacheSubnetGroups");
            for (CacheSubnetGroup g : page.items()) {
                xml.start("CacheSubnetGroup");
                SubnetGroupXml.group(xml, g, groups, settings);
                xml.end();
            }
            xml.end();
        };
    }
}
