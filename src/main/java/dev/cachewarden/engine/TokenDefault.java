package dev.cachewarden.engine;

import dev.cachewarden.domain.Cache;
import dev.cachewarden.domain.PasswordHash;
import dev.cachewarden.domain.ReplicationGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine's {@code default} of a cache without a user group: open, or guarded by the AUTH token, and
 * after a ROTATE by the token before it too (AWS keeps both valid until the next change). A ROTATE on a
 * group that had no token leaves it open: Redis cannot take "no password or this one", and AWS keeps
 * connections without AUTH working until a SET, so {@code nopass} (any password, the token's included).
 */
final class TokenDefault {
    private TokenDefault() {}

    static AclUser of(Cache cache) {
        if (!(cache instanceof ReplicationGroup group) || cache.authTokenHash() == null) {
            return AclUser.openDefault(cache.authTokenHash());
        }
        if (group.authTokenState().openBefore()) {
            return AclUser.openDefault(null);
        }
        List<String> hashes = new ArrayList<>();
        hashes.add(group.authTokenHash().sha256Hex());
        PasswordHash previous = group.authTokenState().previous();
        if (previous != null && !previous.equals(group.authTokenHash())) {
            hashes.add(previous.sha256Hex());
        }
        AclUser single = AclUser.openDefault(group.authTokenHash());
        return new AclUser(single.name(), single.enabled(), hashes, false, single.accessRules(), single.mode());
    }
}
