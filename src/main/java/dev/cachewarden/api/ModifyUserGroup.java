package dev.cachewarden.api;

import dev.cachewarden.auth.AuthorizationResource;
import dev.cachewarden.domain.UserGroup;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.service.UserGroupService;
import java.util.function.Consumer;

/** https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_ModifyUserGroup.html */
public final class ModifyUserGroup implements ApiAction {
    private final UserGroupService groups;
    private final ServiceSettings settings;

    public ModifyUserGroup(UserGroupService groups, ServiceSettings settings) {
        this.groups = groups;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "ModifyUserGroup";
    }

    @Override
    public AuthorizationResource authorizationResource() {
        return AuthorizationResource.identified("usergroup", "UserGroupId");
    }

    @Override
    public Consumer<XmlWriter> execute(QueryRequest request) {
        UserGroup group = groups.modify(new UserGroupService.ModifyUserGroup(
                request.required("UserGroupId"),
                request.list("UserIdsToAdd"),
                request.list("UserIdsToRemove"),
                request.string("Engine")));
        return xml -> ResourceXml.userGroup(xml, group, settings);
    }
}
