package dev.cachewarden.api;

import dev.cachewarden.auth.AuthorizationResource;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.cache.CacheService;
import dev.cachewarden.service.Page;
import dev.cachewarden.service.ServiceSettings;
import java.util.function.Consumer;

/** https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DescribeReplicationGroups.html */
public final class DescribeReplicationGroups implements ApiAction {
    private final CacheService caches;
    private final ServiceSettings settings;

    public DescribeReplicationGroups(CacheService caches, ServiceSettings settings) {
        this.caches = caches;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "DescribeReplicationGroups";
    }

    @Override
    public AuthorizationResource authorizationResource() {
        return AuthorizationResource.identified("replicationgroup", "ReplicationGroupId");
    }

    @Override
    public Consumer<XmlWriter> execute(QueryRequest request) {
        Page<ReplicationGroup> page = caches.describe(request.string("ReplicationGroupId"),
                request.integer("MaxRecords").orElse(null), request.string("Marker").orElse(null));
        return xml -> {
            xml.element("Marker", page.marker());
            xml.start("ReplicationGroups");
            for (ReplicationGroup g : page.items()) {
                xml.start("ReplicationGroup");
                CacheXml.replicationGroup(xml, g, settings);
                xml.end();
            }
            xml.end();
        };
    }
}
