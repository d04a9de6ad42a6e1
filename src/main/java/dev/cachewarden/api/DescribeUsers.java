package dev.cachewarden.api;

import dev.cachewarden.auth.AuthorizationResource;
import dev.cachewarden.domain.User;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.Page;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.service.UserService;
import java.util.function.Consumer;

/** https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DescribeUsers.html */
public final class DescribeUsers implements ApiAction {
    private final UserService users;
    private final ServiceSettings settings;

    public DescribeUsers(UserService users, ServiceSettings settings) {
        this.users = users;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "DescribeUsers";
    }

    @Override
    public AuthorizationResource authorizationResource() {
        return AuthorizationResource.identified("user", "UserId");
    }

    @Override
    public Consumer<XmlWriter> execute(QueryRequest request) {
        Page<User> page = users.describe(new UserService.DescribeUsers(
                request.string("UserId"),
                request.string("Engine"),
                RequestReaders.filters(request),
                request.integer("MaxRecords").orElse(null),
                request.string("Marker").orElse(null)));
        return xml -> {
            xml.start("Users");
            for (User u : page.items()) {
                xml.start("member");
                ResourceXml.user(xml, u, settings);
                xml.end();
            }
            xml.end().element("Marker", page.marker());
        };
    }
}
