package dev.cachewarden.api;

import dev.cachewarden.auth.AuthorizationResource;
import dev.cachewarden.domain.User;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.DescribeCache;
import dev.cachewarden.service.Page;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.service.UserFilter;
import dev.cachewarden.service.UserService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DescribeUsers.html */
public final class DescribeUsers implements ApiAction {
    private final UserService users;
    private final ServiceSettings settings;
    private final DescribeCache cache;

    public DescribeUsers(UserService users, ServiceSettings settings, DescribeCache cache) {
        this.users = users;
        this.settings = settings;
        this.cache = cache;
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
        Optional<String> userId = request.string("UserId");
        Optional<String> engine = request.string("Engine");
        List<UserFilter> filters = RequestReaders.filters(request);
        Integer maxRecords = request.integer("MaxRecords").orElse(null);
        String marker = request.string("Marker").orElse(null);
        // The key holds every parameter the answer depends on; a filter by its name and values.
        List<Object> key = new ArrayList<>(List.of(name(), userId, engine, Optional.ofNullable(maxRecords),
                Optional.ofNullable(marker)));
        filters.forEach(f -> key.add(List.of(f.name(), f.values())));
        byte[] answer = cache.answer(key, () -> render(users.describe(new UserService.DescribeUsers(userId, engine,
                filters, maxRecords, marker))));
        return xml -> xml.fragment(answer);
    }

    private byte[] render(Page<User> page) {
        return ResourceXml.page("Users", page, (xml, item) -> ResourceXml.user(xml, item, settings));
    }
}
