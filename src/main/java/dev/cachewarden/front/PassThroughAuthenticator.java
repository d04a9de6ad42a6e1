package dev.cachewarden.front;

/** The authenticator used until the IAM one is wired: every AUTH reaches the node unchanged. */
public final class PassThroughAuthenticator implements ConnectionAuthenticator {
    @Override
    public Decision authenticate(FrontTarget target, String username, String password) {
        return new Decision.PassThrough();
    }

    @Override
    public Decision authenticateNow(FrontTarget target, String username, String password) {
        return new Decision.PassThrough();
    }
}
