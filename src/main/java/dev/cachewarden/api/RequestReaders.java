package dev.cachewarden.api;

import dev.cachewarden.domain.Tag;
import dev.cachewarden.protocol.AwsException;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.service.UserFilter;
import dev.cachewarden.service.AuthenticationInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Readers for the structures several actions share: tags, filters, authentication fields. */
final class RequestReaders {
    private RequestReaders() {}

    /** {@code Tags.Tag.N.Key}/{@code .Value}; botocore uses the member name "Tag", some clients "member". */
    static List<Tag> tags(QueryRequest request, String name) {
        Optional<List<String>> prefixes = request.structPrefixes(name, "Tag");
        if (prefixes.isEmpty()) {
            prefixes = request.structPrefixes(name, "member");
        }
        List<Tag> tags = new ArrayList<>();
        for (String prefix : prefixes.orElse(List.of())) {
            String key = request.string(prefix + "Key")
                    .orElseThrow(() -> AwsException.invalidValue("Tag key is required: " + prefix + "Key."));
            tags.add(new Tag(key, request.string(prefix + "Value").orElse(null)));
        }
        return tags;
    }

    static List<UserFilter> filters(QueryRequest request) {
        List<UserFilter> filters = new ArrayList<>();
        for (String prefix : request.structPrefixes("Filters", "member").orElse(List.of())) {
            String name = request.string(prefix + "Name").orElse(null);
            List<String> values = request.list(prefix + "Values").orElse(null);
            filters.add(UserFilter.of(name, values));
        }
        return filters;
    }

    static AuthenticationInput authentication(QueryRequest request) {
        return new AuthenticationInput(request.list("Passwords"), request.bool("NoPasswordRequired"),
                request.string("AuthenticationMode.Type"), request.list("AuthenticationMode.Passwords"));
    }
}
