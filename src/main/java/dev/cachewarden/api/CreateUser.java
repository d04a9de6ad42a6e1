package dev.cachewarden.api;

import dev.cachewarden.auth.AuthorizationResource;
import dev.cachewarden.domain.User;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.service.UserService;
import java.util.function.Consumer;

/** https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateUser.html */
public final class CreateUser implements ApiAction {
    private final UserService users;
    private final ServiceSettings settings;

    public CreateUser(UserService users, ServiceSettings settings) {
        this.users = users;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "CreateUser";
    }

    @Override
    public AuthorizationResource authorizationResource() {
        return AuthorizationResource.identified("user", "UserId");
    }

    @Override
    public Consumer<XmlWriter> execute(QueryRequest request) {
        User user = users.create(new UserService.CreateUser(
                request.required("UserId"),
                request.required("UserName"),
                request.required("Engine"),
                request.required("AccessString"),
                RequestReaders.authentication(request),
                RequestReaders.tags(request, "Tags")));
        return xml -> ResourceXml.user(xml, user, settings);
    }
}
