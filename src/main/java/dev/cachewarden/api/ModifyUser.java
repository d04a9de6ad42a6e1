package dev.cachewarden.api;

import dev.cachewarden.auth.AuthorizationResource;
import dev.cachewarden.domain.User;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.service.UserService;
import java.util.function.Consumer;

/** https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_ModifyUser.html */
public final class ModifyUser implements ApiAction {
    private final UserService users;
    private final ServiceSettings settings;

    public ModifyUser(UserService users, ServiceSettings settings) {
        this.users = users;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "ModifyUser";
    }

    @Override
    public AuthorizationResource authorizationResource() {
        return AuthorizationResource.identified("user", "UserId");
    }

    @Override
    public Consumer<XmlWriter> execute(QueryRequest request) {
        User user = users.modify(new UserService.ModifyUser(
                request.required("UserId"),
                request.string("AccessString"),
                request.string("AppendAccessString"),
                RequestReaders.authentication(request),
                request.string("Engine")));
        return xml -> ResourceXml.user(xml, user, settings);
    }
}
