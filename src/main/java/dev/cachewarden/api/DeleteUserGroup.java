package dev.cachewarden.api;

import dev.cachewarden.auth.AuthorizationResource;
import dev.cachewarden.domain.UserGroup;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.service.UserGroupService;
import java.util.function.Consumer;

/** https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DeleteUserGroup.html */
public final class DeleteUserGroup implements ApiAction {
    private final UserGroupService groups;
    private final ServiceSettings settings;

    public DeleteUserGroup(UserGroupService groups, ServiceSettings settings) {
        this.groups = groups;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "DeleteUserGroup";
    }

    @Override
    public AuthorizationResource authorizationResource() {
        return AuthorizationResource.identified("usergroup", "UserGroupId");
    }

    @Override
    public Consumer<XmlWriter> execute(QueryRequest request) {
        UserGroup group = groups.delete(request.required("UserGroupId"));
        return xml -> ResourceXml.userGroup(xml, group, settings);
    }
}
