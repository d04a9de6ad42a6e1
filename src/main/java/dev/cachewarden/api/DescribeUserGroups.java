package dev.cachewarden.api;

import dev.cachewarden.auth.AuthorizationResource;
import dev.cachewarden.domain.UserGroup;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.DescribeCache;
import dev.cachewarden.service.Page;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.service.UserGroupService;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DescribeUserGroups.html */
public final class DescribeUserGroups implements ApiAction {
    private final UserGroupService groups;
    private final ServiceSettings settings;
    private final DescribeCache cache;

    public DescribeUserGroups(UserGroupService groups, ServiceSettings settings, DescribeCache cache) {
        this.groups = groups;
        this.settings = settings;
        this.cache = cache;
    }

    @Override
    public String name() {
        return "DescribeUserGroups";
    }

    @Override
    public AuthorizationResource authorizationResource() {
        return AuthorizationResource.identified("usergroup", "UserGroupId");
    }

    @Override
    public Consumer<XmlWriter> execute(QueryRequest request) {
        Optional<String> id = request.string("UserGroupId");
        Integer maxRecords = request.integer("MaxRecords").orElse(null);
        String marker = request.string("Marker").orElse(null);
        byte[] answer = cache.answer(List.of(name(), id, Optional.ofNullable(maxRecords), Optional.ofNullable(marker)),
                () -> render(groups.describe(id, maxRecords, marker)));
        return xml -> xml.fragment(answer);
    }

    private byte[] render(Page<UserGroup> page) {
        return ResourceXml.page("UserGroups", page, (xml, item) -> ResourceXml.userGroup(xml, item, settings));
    }
}
