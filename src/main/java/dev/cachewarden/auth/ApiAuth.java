package dev.cachewarden.auth;

import dev.cachewarden.protocol.AwsException;
import dev.cachewarden.protocol.ErrorCode;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.sigv4.SigV4Verifier;
import dev.cachewarden.protocol.sigv4.SignedRequest;

/** Who is calling (SigV4) and whether they may (policies), for the HTTP edge to ask before an action runs. */
public final class ApiAuth {
    private final boolean noAuth;
    private final Principals principals;
    private final SigV4Verifier verifier;
    private final Authorizer authorizer;
    private final Principal root;

    public ApiAuth(boolean noAuth, Principals principals, SigV4Verifier verifier, Authorizer authorizer,
            Principal root) {
        this.noAuth = noAuth;
        this.principals = principals;
        this.verifier = verifier;
        this.authorizer = authorizer;
        this.root = root;
    }

    /** With {@code --no-auth} every caller is the root principal, signed or not. */
    public Principal authenticate(SignedRequest request) {
        if (noAuth) {
            return root;
        }
        String accessKeyId = verifier.verify(request);
        return principals.byAccessKey(accessKeyId).orElseThrow(() -> new AwsException(
                ErrorCode.INVALID_CLIENT_TOKEN_ID, "The security token included in the request is invalid."));
    }

    public void authorize(Principal principal, String actionName, AuthorizationResource resource,
            QueryRequest request) {
        authorizer.authorize(principal, actionName, resource, request);
    }

    /** Who may sign requests and IAM tokens; null with {@code --no-auth}. */
    public Principals principals() {
        return principals;
    }

    public boolean noAuth() {
        return noAuth;
    }
}
