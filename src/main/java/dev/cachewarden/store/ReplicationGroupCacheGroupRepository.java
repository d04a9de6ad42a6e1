package dev.cachewarden.store;

import java.util.List;
import java.util.Optional;

/** The subnet group and parameter group each replication group names. */
public interface ReplicationGroupCacheGroupRepository {
    /** What a replication group names; null members for what it does not name. */
    record Names(String cacheSubnetGroupName, String cacheParameterGroupName) {}

    Optional<Names> find(String replicationGroupId);

    void put(String replicationGroupId, Names names);

    /** The replication groups that name this subnet group. */
    List<String> usingSubnetGroup(String cacheSubnetGroupName);

    /** The replication groups that name this parameter group. */
    List<String> usingParameterGroup(String cacheParameterGroupName);
}
