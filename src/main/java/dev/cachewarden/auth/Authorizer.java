package dev.cachewarden.auth;

import dev.cachewarden.domain.Arn;
import dev.cachewarden.protocol.AwsException;
import dev.cachewarden.protocol.ErrorCode;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.service.ServiceSettings;
import java.util.Locale;

/**
 * Decides whether a principal may run an action, IAM-style: the action is {@code elasticache:<Action>},
 * the resource the ARN the request targets ({@code *} for a Describe without an id).
 */
public final class Authorizer {
    private final ServiceSettings settings;

    public Authorizer(ServiceSettings settings) {
        this.settings = settings;
    }

    public void authorize(Principal principal, String actionName, AuthorizationResource target, QueryRequest request) {
        if (principal.isRoot()) {
            return;
        }
        String action = "elasticache:" + actionName;
        String resource = resource(target, request);
        if (principal.policy().evaluate(action, resource) != Policy.Decision.ALLOWED) {
            throw new AwsException(ErrorCode.ACCESS_DENIED, "User: " + principal.arn()
                    + " is not authorized to perform: " + action + " on resource: " + resource);
        }
    }

    /** The ARN an action targets, as its request names it; {@code *} when it names none. */
    String resource(AuthorizationResource target, QueryRequest request) {
        return switch (target) {
            case AuthorizationResource.Identified r -> arn(request, r.idParameter(), r.resourceType());
            case AuthorizationResource.ArnParameter r -> request.string(r.parameter()).orElse("*");
        };
    }

    /** ElastiCache stores these ids lower-cased, so the ARN a policy sees is the lower-cased one. */
    private String arn(QueryRequest request, String parameter, String resourceType) {
        return request.string(parameter)
                .map(id -> Arn.of(settings.region(), settings.accountId(), resourceType, id.toLowerCase(Locale.ROOT))
                        .toString())
                .orElse("*");
    }
}
