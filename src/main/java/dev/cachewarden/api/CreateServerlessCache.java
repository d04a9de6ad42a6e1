package dev.cachewarden.api;

import dev.cachewarden.auth.AuthorizationResource;
import dev.cachewarden.domain.ServerlessCache;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.cache.ServerlessCacheService;
import dev.cachewarden.service.ServiceSettings;
import java.util.function.Consumer;

/**
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateServerlessCache.html
 * CacheUsageLimits, KmsKeyId, SecurityGroupIds, SubnetIds, NetworkType and snapshot settings are checked
 * and answered back as set (service.ServerlessSettingsRules); SnapshotArnsToRestore is refused.
 */
public final class CreateServerlessCache implements ApiAction {
    private final ServerlessCacheService caches;
    private final ServiceSettings settings;

    public CreateServerlessCache(ServerlessCacheService caches, ServiceSettings settings) {
        this.caches = caches;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "CreateServerlessCache";
    }

    @Override
    public AuthorizationResource authorizationResource() {
        return AuthorizationResource.identified("serverlesscache", "ServerlessCacheName");
    }

    @Override
    public Consumer<XmlWriter> execute(QueryRequest request) {
        ServerlessCache cache = caches.create(new ServerlessCacheService.CreateServerlessCache(
                request.required("ServerlessCacheName"), request.string("Description"), request.required("Engine"),
                request.string("MajorEngineVersion"), request.string("UserGroupId"),
                RequestReaders.tags(request, "Tags"), SettingsRequests.createServerlessCache(request)));
        return xml -> {
            xml.start("ServerlessCache");
            ServerlessXml.serverlessCache(xml, cache, settings);
            xml.end();
        };
    }
}
