package dev.cachewarden.auth;

/**
 * What an action names as its IAM resource, so that each action declares its own: the policy is
 * evaluated against the ARN this yields for the request, or {@code *} when the request names none.
 */
public sealed interface AuthorizationResource {
    /** The resource an id parameter names, e.g. {@code user} from {@code UserId}. */
    record Identified(String resourceType, String idParameter) implements AuthorizationResource {}

    /** A full ARN given in a parameter, as the tagging actions take {@code ResourceName}. */
    record ArnParameter(String parameter) implements AuthorizationResource {}

    static AuthorizationResource identified(String resourceType, String idParameter) {
        return new Identified(resourceType, idParameter);
    }

    static AuthorizationResource arnIn(String parameter) {
        return new ArnParameter(parameter);
    }
}
