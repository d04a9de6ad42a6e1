package dev.cachewarden.api;

import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.service.cache.GroupChanges;

/** ModifyReplicationGroup's migration parameters: AUTH token, TLS in place, engine upgrade. */
final class GroupChangesRequest {
    private GroupChangesRequest() {}

    static GroupChanges read(QueryRequest request) {
        return new GroupChanges(request.string("AuthToken"), request.string("AuthTokenUpdateStrategy"),
                request.bool("TransitEncryptionEnabled"), request.string("TransitEncryptionMode"),
                request.string("Engine"), request.string("EngineVersion"), request.string("CacheParameterGroupName"));
    }
}
