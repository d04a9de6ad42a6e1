package dev.cachewarden.store;

import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.ReplicationGroup;
import java.util.List;
import java.util.Optional;

public interface ReplicationGroupRepository {
    Optional<ReplicationGroup> find(String replicationGroupId, boolean forUpdate);

    /** Replication groups in id order after {@code afterId} (exclusive; null for the first page). */
    List<ReplicationGroup> page(String afterId, int limit);

    List<ReplicationGroup> all();

    /** The ids of replication groups that have this user group attached, or attaching, or detaching. */
    List<String> referencing(String userGroupId);

    /**
     * Loopback ports any stored node or serverless endpoint holds (replication groups' and serverless
     * caches' alike), so a new node does not take one of a node that is down.
     */
    List<Integer> portsInUse();

    /** The host of every stored node: addresses of their own that groups made with a Port hold. */
    List<String> hostsInUse();

    /** @return false when a replication group with that id already exists */
    boolean insert(ReplicationGroup group);

    void updateStatus(String replicationGroupId, CacheStatus status);

    /** Sets the attached groups and the pending change (null for none) together. */
    void updateUserGroups(String replicationGroupId, List<String> userGroupIds,
                          ReplicationGroup.PendingUserGroups pending, CacheStatus status);

    /** An external cache's nodes as its configuration now lists them. */
    void replaceNodes(String replicationGroupId, List<dev.cachewarden.domain.CacheNode> nodes);

    void updateDescription(String replicationGroupId, String description);

    /** Sets AutomaticFailover and MultiAZ (and the status) together. */
    void updateFailoverSettings(String replicationGroupId, dev.cachewarden.domain.AutomaticFailoverStatus automaticFailover,
                                boolean multiAz, CacheStatus status);

    /** Makes this node the primary of its node group and the group's other nodes replicas, in one statement. */
    void promote(String replicationGroupId, String cacheClusterId);

    /**
     * Marks a failover accepted (true; {@code to} the node to promote, or null for the most
     * up-to-date replica) or carried out (false).
     */
    void updateFailoverRequested(String replicationGroupId, boolean requested, String to);

    /** Adds nodes (IncreaseReplicaCount) after the existing ones. */
    void addNodes(String replicationGroupId, List<dev.cachewarden.domain.CacheNode> nodes);

    /** Sets one node's status (e.g. deleting, for DecreaseReplicaCount). */
    void updateNodeStatus(String cacheClusterId, dev.cachewarden.domain.CacheNode.Status status);

    /** Removes one node of a group (a replica whose removal has been applied). */
    void deleteNode(String cacheClusterId);

    /** Counts a TestFailover call, for AWS's limit per rolling day. */
    void recordTestFailover(String replicationGroupId, String nodeGroupId, long calledAtMillis);

    /** The TestFailover calls made at or after this instant (older ones are forgotten on the way). */
    int testFailoversSince(long sinceMillis);

    void delete(String replicationGroupId);

    /** Sets the current AUTH token (null for none) and what else is still valid (AuthTokenUpdateStrategy). */
    void updateAuthToken(String replicationGroupId, dev.cachewarden.domain.PasswordHash current,
                         dev.cachewarden.domain.AuthTokenState state);

    /** Sets TransitEncryptionEnabled and TransitEncryptionMode (null when off). */
    void updateTransitEncryption(String replicationGroupId, boolean enabled,
                                 dev.cachewarden.domain.TransitEncryptionMode mode);

    /** Sets the TLS / ClusterMode change in progress (PendingModes.NONE when done). */
    void updatePendingModes(String replicationGroupId, dev.cachewarden.domain.PendingModes pending);

    /** Sets ClusterMode (a conversion carried out on the nodes). */
    void updateClusterMode(String replicationGroupId, dev.cachewarden.domain.ClusterMode mode);

    /** Sets Engine and EngineVersion (an upgrade accepted; the nodes follow one by one). */
    void updateEngine(String replicationGroupId, dev.cachewarden.domain.Engine engine, String engineVersion);

    /** The hash slots a shard serves now (resharding moved them). */
    void updateSlots(String id, String nodeGroupId, String slots);
}
