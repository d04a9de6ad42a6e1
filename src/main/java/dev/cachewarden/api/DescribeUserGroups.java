package dev.cachewarden.api;

import dev.cachewarden.auth.AuthorizationResource;
import dev.cachewarden.domain.UserGroup;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.Page;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.service.UserGroupService;
import java.util.function.Consumer;

/** https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DescribeUserGroups.html */
public final class DescribeUserGroups implements ApiAction {
    private final UserGroupService groups;
    private final ServiceSettings settings;

    public DescribeUserGroups(UserGroupService groups, ServiceSettings settings) {
        this.groups = groups;
        this.settings = settings;
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
        Page<UserGroup> page = groups.describe(request.string("UserGroupId"),
                request.integer("MaxRecords").orElse(null), request.string("Marker").orElse(null));
        return xml -> {
            xml.start("UserGroups");
            for (UserGroup g : page.items()) {
                xml.start("member");
                ResourceXml.userGroup(xml, g, settings);
                xml.end();
            }
            xml.end().element("Marker", page.marker());
        };
    }
}
