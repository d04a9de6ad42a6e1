package dev.cachewarden.api;

import dev.cachewarden.protocol.AwsException;
import dev.cachewarden.protocol.ErrorCode;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.QueryResponses;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Routes {@code Action=Name} to its action, and refuses unknown actions and API versions as AWS does. */
public final class ActionRegistry {
    private final Map<String, ApiAction> actions;

    public ActionRegistry(List<ApiAction> actions) {
        this.actions = actions.stream().collect(Collectors.toUnmodifiableMap(ApiAction::name, a -> a));
    }

    /** The action a request names, checked before anything else is read. */
    public ApiAction resolve(QueryRequest request) {
        String name = request.string("Action").orElse(null);
        if (name == null || name.isEmpty()) {
            throw new AwsException(ErrorCode.MISSING_ACTION, "The request must contain the parameter Action");
        }
        String version = request.string("Version").orElse(QueryResponses.API_VERSION);
        ApiAction action = actions.get(name);
        if (action == null || !QueryResponses.API_VERSION.equals(version)) {
            throw new AwsException(ErrorCode.INVALID_ACTION, "Could not find operation " + name + " for version "
                    + version);
        }
        return action;
    }

    public java.util.Set<String> names() {
        return actions.keySet();
    }
}
