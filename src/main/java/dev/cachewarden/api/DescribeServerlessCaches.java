package dev.cachewarden.api;

import dev.cachewarden.auth.AuthorizationResource;
import dev.cachewarden.domain.ServerlessCache;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.Page;
import dev.cachewarden.service.cache.ServerlessCacheService;
import dev.cachewarden.service.ServiceSettings;
import java.util.function.Consumer;

/** https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DescribeServerlessCaches.html */
public final class DescribeServerlessCaches implements ApiAction {
    private final ServerlessCacheService caches;
    private final ServiceSettings settings;

    public DescribeServerlessCaches(ServerlessCacheService caches, ServiceSettings settings) {
        this.caches = caches;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "DescribeServerlessCaches";
    }

    @Override
    public AuthorizationResource authorizationResource() {
        return AuthorizationResource.identified("serverlesscache", "ServerlessCacheName");
    }

    @Override
    public Consumer<XmlWriter> execute(QueryRequest request) {
        Page<ServerlessCache> page = caches.describe(request.string("ServerlessCacheName"),
                request.integer("MaxResults").orElse(null), request.string("NextToken").orElse(null));
        return xml -> {
            xml.element("NextToken", page.marker());
            xml.start("ServerlessCaches");
            for (ServerlessCache c : page.items()) {
                xml.start("member");
                ServerlessXml.serverlessCache(xml, c, settings);
                xml.end();
            }
            xml.end();
        };
    }
}
