package dev.cachewarden.domain;

/**
 * What a replication group's {@code default} accepts besides its current AUTH token
 * ({@link ReplicationGroup#authTokenHash()}): after a ROTATE the token before it stays valid until the
 * next change (AWS keeps the two most recent), and a ROTATE on a group that had no token keeps
 * connections without AUTH working too, until a SET. Only SHA-256 hashes are kept.
 *
 * @param previous the token before the current one, still valid; null when none
 * @param openBefore whether the group had no token before the current ROTATE, so no AUTH still works
 * @param pending SETTING or ROTATING while the change is being applied to the nodes; null otherwise
 * @param lastModifiedMillis when the token last changed (AuthTokenLastModifiedDate); 0 when never
 */
public record AuthTokenState(PasswordHash previous, boolean openBefore, AuthTokenStatus pending,
                             long lastModifiedMillis) {
    public static final AuthTokenState NONE = new AuthTokenState(null, false, null, 0);

    public AuthTokenState withPending(AuthTokenStatus status) {
        return new AuthTokenState(previous, openBefore, status, lastModifiedMillis);
    }
}
