package dev.cachewarden.api;

import dev.cachewarden.auth.AuthorizationResource;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.cache.CacheEngineVersions;
import dev.cachewarden.service.Page;
import java.util.function.Consumer;

/**
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DescribeCacheEngineVersions.html
 * The engine versions the binaries of this install run (docs/caches.md).
 */
public final class DescribeCacheEngineVersions implements ApiAction {
    private final CacheEngineVersions versions;

    public DescribeCacheEngineVersions(CacheEngineVersions versions) {
        this.versions = versions;
    }

    @Override
    public String name() {
        return "DescribeCacheEngineVersions";
    }

    @Override
    public AuthorizationResource authorizationResource() {
        // AWS names no resource for this action: the policy is evaluated against "*".
        return AuthorizationResource.arnIn("ResourceName");
    }

    @Override
    public Consumer<XmlWriter> execute(QueryRequest request) {
        boolean defaultOnly = request.bool("DefaultOnly").orElse(false); // one version per engine: each its default
        Page<CacheEngineVersions.Version> page = versions.describe(request.string("Engine"),
                request.string("EngineVersion"), request.string("CacheParameterGroupFamily"),
                request.integer("MaxRecords").orElse(null), request.string("Marker").orElse(null));
        return xml -> {
            xml.element("Marker", page.marker());
            xml.start("CacheEngineVersions");
            for (CacheEngineVersions.Version v : page.items()) {
                xml.start("CacheEngineVersion")
                        .element("Engine", v.engine().wire())
                        .element("EngineVersion", v.engineVersion())
                        .element("CacheParameterGroupFamily", v.family())
                        .element("CacheEngineDescription", v.engine() == dev.cachewarden.domain.Engine.VALKEY
                                ? "Valkey" : "Redis OSS")
                        .element("CacheEngineVersionDescription", v.description())
                        .end();
            }
            xml.end();
        };
    }
}
