package dev.cachewarden.api;

import dev.cachewarden.auth.AuthorizationResource;
import dev.cachewarden.domain.ServerlessCache;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.cache.ServerlessCacheService;
import dev.cachewarden.service.ServiceSettings;
import java.util.function.Consumer;

/**
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_ModifyServerlessCache.html
 * Description, UserGroupId and RemoveUserGroup are modelled; usage limits, security groups and
 * snapshot settings are answered back as set (service.ServerlessSettingsRules).
 */
public final class ModifyServerlessCache implements ApiAction {
    private final ServerlessCacheService caches;
    private final ServiceSettings settings;

    public ModifyServerlessCache(ServerlessCacheService caches, ServiceSettings settings) {
        this.caches = caches;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "ModifyServerlessCache";
    }

    @Override
    public AuthorizationResource authorizationResource() {
        return AuthorizationResource.identified("serverlesscache", "ServerlessCacheName");
    }

    @Override
    public Consumer<XmlWriter> execute(QueryRequest request) {
        ServerlessCache cache = caches.modify(new ServerlessCacheService.ModifyServerlessCache(
                request.required("ServerlessCacheName"), request.string("Description"),
                request.string("UserGroupId"), request.bool("RemoveUserGroup"),
                SettingsRequests.modifyServerlessCache(request), request.string("Engine"),
                request.string("MajorEngineVersion")));
        return xml -> {
            xml.start("ServerlessCache");
            ServerlessXml.serverlessCache(xml, cache, settings);
            xml.end();
        };
    }
}
