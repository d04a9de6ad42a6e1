package dev.cachewarden.api;

import dev.cachewarden.auth.AuthorizationResource;
import dev.cachewarden.domain.UserGroup;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.service.UserGroupService;
import java.util.function.Consumer;

/** https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateUserGroup.html */
public final class CreateUserGroup implements ApiAction {
    private final UserGroupService groups;
    private final ServiceSettings settings;

    public CreateUserGroup(UserGroupService groups, ServiceSettings settings) {
        this.groups = groups;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "CreateUserGroup";
    }

    @Override
    public AuthorizationResource authorizationResource() {
        return AuthorizationResource.identified("usergroup", "UserGroupId");
    }

    @Override
    public Consumer<XmlWriter> execute(QueryRequest request) {
        UserGroup group = groups.create(new UserGroupService.CreateUserGroup(
                request.required("UserGroupId"),
                request.required("Engine"),
                request.list("UserIds"),
                RequestReaders.tags(request, "Tags")));
        return xml -> ResourceXml.userGroup(xml, group, settings);
    }
}
