package dev.cachewarden.api;

import dev.cachewarden.auth.AuthorizationResource;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.cache.CacheService;
import dev.cachewarden.service.Page;
import dev.cachewarden.service.ServiceSettings;
import java.util.function.Consumer;

/**
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DescribeCacheClusters.html
 * Every node is a cache cluster of one node inside its replication group; there are no others.
 */
public final class DescribeCacheClusters implements ApiAction {
    private final CacheService caches;
    private final ServiceSettings settings;
    /** CacheSubnetGroupName and CacheParameterGroupName; null: not checked nor recorded. */
    private final dev.cachewarden.service.cache.CacheGroupReferences references;

    public DescribeCacheClusters(CacheService caches, ServiceSettings settings) {
        this(caches, settings, null);
    }

    public DescribeCacheClusters(CacheService caches, ServiceSettings settings,
            dev.cachewarden.service.cache.CacheGroupReferences references) {
        this.caches = caches;
        this.settings = settings;
        this.references = references;
    }

    @Override
    public String name() {
        return "DescribeCacheClusters";
    }

    @Override
    public AuthorizationResource authorizationResource() {
        return AuthorizationResource.identified("cluster", "CacheClusterId");
    }

    @Override
    public Consumer<XmlWriter> execute(QueryRequest request) {
        boolean showNodes = request.bool("ShowCacheNodeInfo").orElse(false);
        boolean outsideGroups = request.bool("ShowCacheClustersNotInReplicationGroups").orElse(false);
        Page<CacheService.CacheClusterView> page = outsideGroups
                ? new Page<>(java.util.List.of(), null)
                : caches.describeCacheClusters(request.string("CacheClusterId"),
                        request.integer("MaxRecords").orElse(null), request.string("Marker").orElse(null));
        var groups = references == null ? java.util.Map.<String, dev.cachewarden.service.cache.CacheGroupReferences.Answered>of()
                : references.answered(page.items().stream().map(CacheService.CacheClusterView::replicationGroup).toList());
        return xml -> {
            xml.element("Marker", page.marker());
            xml.start("CacheClusters");
            for (CacheService.CacheClusterView v : page.items()) {
                xml.start("CacheCluster");
                CacheXml.cacheCluster(xml, v, showNodes, settings, groups.get(v.replicationGroup().replicationGroupId()));
                xml.end();
            }
            xml.end();
        };
    }
}
