package dev.cachewarden.api;

import dev.cachewarden.auth.AuthorizationResource;
import dev.cachewarden.domain.ServerlessCache;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.cache.ServerlessCacheService;
import dev.cachewarden.service.ServiceSettings;
import java.util.function.Consumer;

/** https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DeleteServerlessCache.html */
public final class DeleteServerlessCache implements ApiAction {
    private final ServerlessCacheService caches;
    private final ServiceSettings settings;

    public DeleteServerlessCache(ServerlessCacheService caches, ServiceSettings settings) {
        this.caches = caches;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "DeleteServerlessCache";
    }

    @Override
    public AuthorizationResource authorizationResource() {
        return AuthorizationResource.identified("serverlesscache", "ServerlessCacheName");
    }

    @Override
    public Consumer<XmlWriter> execute(QueryRequest request) {
        ServerlessCache cache = caches.delete(request.required("ServerlessCacheName"),
                request.string("FinalSnapshotName"));
        return xml -> {
            xml.start("ServerlessCache");
            ServerlessXml.serverlessCache(xml, cache, settings);
            xml.end();
        };
    }
}
