package dev.cachewarden.api;

import dev.cachewarden.auth.AuthorizationResource;
import dev.cachewarden.domain.User;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.service.UserService;
import java.util.function.Consumer;

/** https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DeleteUser.html */
public final class DeleteUser implements ApiAction {
    private final UserService users;
    private final ServiceSettings settings;

    public DeleteUser(UserService users, ServiceSettings settings) {
        this.users = users;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "DeleteUser";
    }

    @Override
    public AuthorizationResource authorizationResource() {
        return AuthorizationResource.identified("user", "UserId");
    }

    @Override
    public Consumer<XmlWriter> execute(QueryRequest request) {
        User user = users.delete(request.required("UserId"));
        return xml -> ResourceXml.user(xml, user, settings);
    }
}
