package dev.cachewarden.front;

/** Decides the credentials of an AUTH, or of HELLO … AUTH, before the node sees them. */
public interface ConnectionAuthenticator {
    Decision authenticate(FrontTarget target, String username, String password);

    /**
     * The same decision when it needs no blocking look-up, so the front takes it on the connection's
     * event loop (a hop to another thread and back cost a handshake more than the check); null when
     * it would block, and the front then calls {@link #authenticate} off the event loop.
     */
    default Decision authenticateNow(FrontTarget target, String username, String password) {
        return null;
    }

    sealed interface Decision {
        /** Forward the client's command unchanged: the node's ACL decides (password and no-password users). */
        record PassThrough() implements Decision {}
        /** Send the node AUTH username nodeSecret instead; the front closes the connection at expiresAt unless a later AUTH/HELLO renews it. */
        record Substitute(String username, String nodeSecret, java.time.Instant expiresAt) implements Decision {}
        /** Answer exactly what a node answers for a wrong password (WRONGPASS …); the reason goes to the log, never the token. */
        record Refused(String reason) implements Decision {}
    }
}
