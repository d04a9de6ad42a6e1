package dev.cachewarden.api;

import dev.cachewarden.auth.AuthorizationResource;
import dev.cachewarden.domain.CacheSubnetGroup;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.cache.CacheSubnetGroupService;
import dev.cachewarden.service.ServiceSettings;
import java.util.function.Consumer;

/** https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateCacheSubnetGroup.html */
public final class CreateCacheSubnetGroup implements ApiAction {
    private final CacheSubnetGroupService groups;
    private final ServiceSettings settings;

    public CreateCacheSubnetGroup(CacheSubnetGroupService groups, ServiceSettings settings) {
        this.groups = groups;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "CreateCacheSubnetGroup";
    }

    @Override
    public AuthorizationResource authorizationResource() {
        return AuthorizationResource.identified("subnetgroup", "CacheSubnetGroupName");
    }

    @Override
    public Consumer<XmlWriter> execute(QueryRequest request) {
        CacheSubnetGroup group = groups.create(new CacheSubnetGroupService.CreateCacheSubnetGroup(
                request.required("CacheSubnetGroupName"),
                request.required("CacheSubnetGroupDescription"),
                subnetIds(request),
                RequestReaders.tags(request, "Tags")));
        return xml -> {
            xml.start("CacheSubnetGroup");
            SubnetGroupXml.group(xml, group, groups, settings);
            xml.end();
        };
    }

    /** {@code SubnetIds.SubnetIdentifier.N} as botocore sends it; some clients use {@code member}. */
    static java.util.Optional<java.util.List<String>> subnetIds(QueryRequest request) {
        java.util.Optional<java.util.List<String>> ids = request.list("SubnetIds", "SubnetIdentifier");
        if (ids.isEmpty() || ids.get().isEmpty()) {
            java.util.Optional<java.util.List<String>> members = request.list("SubnetIds");
            if (members.isPresent()) {
                return members;
            }
        }
        return ids;
    }
}
