package dev.cachewarden.service.cache;

import java.util.Optional;

/**
 * The ModifyReplicationGroup parameters of the migrations (issue #11): the AUTH token, TLS in place
 * and the engine upgrade, as sent.
 */
public record GroupChanges(Optional<String> authToken, Optional<String> authTokenUpdateStrategy,
                           Optional<Boolean> transitEncryptionEnabled, Optional<String> transitEncryptionMode,
                           Optional<String> engine, Optional<String> engineVersion,
                           Optional<String> cacheParameterGroupName) {
    public static final GroupChanges NONE = new GroupChanges(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
}
