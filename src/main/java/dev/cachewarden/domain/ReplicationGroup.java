package dev.cachewarden.domain;

import java.util.List;

/**
 * A replication group with one shard: a primary and its replicas, each a real node.
 *
 * @param userGroupIds the user groups applied to the nodes (at most one)
 * @param pendingUserGroups an attach or detach accepted but not yet applied; null when none
 * @param authTokenHash the SHA-256 of the AuthToken guarding {@code default} when no user group is attached
 * @param external whether the nodes are existing servers listed in the configuration, not started by us
 * @param automaticFailover whether a replica is promoted when the primary fails
 * @param multiAz MultiAZ as asked (every node runs on this machine; stored and answered)
 * @param primaryEndpointPort the front's port for PrimaryEndpoint, which follows whichever node is
 *     primary; 0 for a group made before it existed (or external), whose PrimaryEndpoint is its primary node's
 * @param readerEndpointPort the front's port for ReaderEndpoint (the replicas); 0 likewise
 * @param failoverRequested a TestFailover (or a PrimaryClusterId) accepted and not yet carried out
 * @param failoverTo the node a ModifyReplicationGroup's PrimaryClusterId asked to promote; null for the
 *     most up-to-date replica
 * @param settings node type, snapshots, maintenance and the other settings Describe answers back; null
 *     for a group that has none stored (the defaults apply)
 * @param authTokenState the tokens still valid beside {@code authTokenHash} and a token change in progress
 * @param transitEncryptionMode preferred or required when TLS is on; null when it is off
 * @param clusterMode ClusterMode: {@code enabled} runs the nodes as a Redis Cluster of one or more shards
 * @param pendingModes a TLS or ClusterMode change still being carried out (PendingModifiedValues)
 */
public record ReplicationGroup(
        String replicationGroupId,
        String description,
        Engine engine,
        String engineVersion,
        CacheStatus status,
        boolean transitEncryption,
        PasswordHash authTokenHash,
        List<String> userGroupIds,
        PendingUserGroups pendingUserGroups,
        List<CacheNode> nodes,
        long createdAtMillis,
        boolean external,
        long version,
        AutomaticFailoverStatus automaticFailover,
        boolean multiAz,
        int primaryEndpointPort,
        int readerEndpointPort,
        boolean failoverRequested,
        String failoverTo,
        CacheSettings settings,
        AuthTokenState authTokenState,
        TransitEncryptionMode transitEncryptionMode,
        ClusterMode clusterMode,
        PendingModes pendingModes) implements Cache {

    public ReplicationGroup {
        userGroupIds = List.copyOf(userGroupIds);
        nodes = List.copyOf(nodes);
        authTokenState = authTokenState == null ? AuthTokenState.NONE : authTokenState;
        // Groups made before the mode was stored serve TLS only.
        transitEncryptionMode = !transitEncryption ? null
                : transitEncryptionMode == null ? TransitEncryptionMode.REQUIRED : transitEncryptionMode;
        clusterMode = clusterMode == null ? ClusterMode.DISABLED : clusterMode;
        pendingModes = pendingModes == null ? PendingModes.NONE : pendingModes;
    }

    /** The canonical constructor without a TLS or ClusterMode change in progress. */
    public ReplicationGroup(String replicationGroupId, String description, Engine engine, String engineVersion,
                            CacheStatus status, boolean transitEncryption, PasswordHash authTokenHash,
                            List<String> userGroupIds, PendingUserGroups pendingUserGroups, List<CacheNode> nodes,
                            long createdAtMillis, boolean external, long version,
                            AutomaticFailoverStatus automaticFailover, boolean multiAz, int primaryEndpointPort,
                            int readerEndpointPort, boolean failoverRequested, String failoverTo,
                            CacheSettings settings, AuthTokenState authTokenState,
                            TransitEncryptionMode transitEncryptionMode, ClusterMode clusterMode) {
        this(replicationGroupId, description, engine, engineVersion, status, transitEncryption, authTokenHash,
                userGroupIds, pendingUserGroups, nodes, createdAtMillis, external, version, automaticFailover, multiAz,
                primaryEndpointPort, readerEndpointPort, failoverRequested, failoverTo, settings, authTokenState,
                transitEncryptionMode, clusterMode, PendingModes.NONE);
    }

    /** A group without cluster mode, with no settings stored (the defaults apply), no token history, its TLS (if on) required. */
    public ReplicationGroup(String replicationGroupId, String description, Engine engine, String engineVersion,
                            CacheStatus status, boolean transitEncryption, PasswordHash authTokenHash,
                            List<String> userGroupIds, PendingUserGroups pendingUserGroups, List<CacheNode> nodes,
                            long createdAtMillis, boolean external, long version,
                            AutomaticFailoverStatus automaticFailover, boolean multiAz, int primaryEndpointPort,
                            int readerEndpointPort, boolean failoverRequested, String failoverTo) {
        this(replicationGroupId, description, engine, engineVersion, status, transitEncryption, authTokenHash,
                userGroupIds, pendingUserGroups, nodes, createdAtMillis, external, version, automaticFailover, multiAz,
                primaryEndpointPort, readerEndpointPort, failoverRequested, failoverTo, null, null, null,
                ClusterMode.DISABLED);
    }

    /** A group without automatic failover, Multi-AZ or endpoints of its own (external caches). */
    public ReplicationGroup(String replicationGroupId, String description, Engine engine, String engineVersion,
                            CacheStatus status, boolean transitEncryption, PasswordHash authTokenHash,
                            List<String> userGroupIds, PendingUserGroups pendingUserGroups, List<CacheNode> nodes,
                            long createdAtMillis, boolean external, long version) {
        this(replicationGroupId, description, engine, engineVersion, status, transitEncryption, authTokenHash,
                userGroupIds, pendingUserGroups, nodes, createdAtMillis, external, version,
                AutomaticFailoverStatus.DISABLED, false, 0, 0, false, null);
    }

    /** UserGroupIdsToAdd / UserGroupIdsToRemove of PendingModifiedValues.UserGroups. */
    public record PendingUserGroups(List<String> toAdd, List<String> toRemove) {
        public PendingUserGroups {
            toAdd = List.copyOf(toAdd);
            toRemove = List.copyOf(toRemove);
        }
    }

    @Override
    public Ref ref() {
        return Ref.replicationGroup(replicationGroupId);
    }

    @Override
    public List<String> effectiveUserGroupIds() {
        return Cache.effective(userGroupIds, pendingUserGroups);
    }

    @Override
    public boolean aclManaged() {
        return !external || !effectiveUserGroupIds().isEmpty() || pendingUserGroups != null;
    }

    public ReplicationGroup withStatus(CacheStatus newStatus) {
        return new ReplicationGroup(replicationGroupId, description, engine, engineVersion, newStatus, transitEncryption,
                authTokenHash, userGroupIds, pendingUserGroups, nodes, createdAtMillis, external, version,
                automaticFailover, multiAz, primaryEndpointPort, readerEndpointPort, failoverRequested, failoverTo,
                settings, authTokenState, transitEncryptionMode, clusterMode, pendingModes);
    }

    public ReplicationGroup withSettings(CacheSettings newSettings) {
        return new ReplicationGroup(replicationGroupId, description, engine, engineVersion, status, transitEncryption,
                authTokenHash, userGroupIds, pendingUserGroups, nodes, createdAtMillis, external, version,
                automaticFailover, multiAz, primaryEndpointPort, readerEndpointPort, failoverRequested, failoverTo,
                newSettings, authTokenState, transitEncryptionMode, clusterMode, pendingModes);
    }

    /** Whether the nodes run as a Redis Cluster (ClusterEnabled). */
    public boolean clusterEnabled() {
        return clusterMode.clustered();
    }

    /**
     * Whether the nodes run with {@code cluster-enabled yes}: cluster mode enabled, or compatible once a
     * conversion gave its one shard every slot (a group created compatible runs without cluster mode).
     */
    public boolean runsAsCluster() {
        return clusterEnabled() || clusterMode == ClusterMode.COMPATIBLE && nodes.stream().anyMatch(n -> !n.slots().isEmpty());
    }

    /**
     * The shards, in NodeGroupId order, each with its serving nodes and slots. In cluster mode the group's
     * own endpoint ({@code primaryEndpointPort}) is its ConfigurationEndpoint.
     */
    public List<NodeGroup> nodeGroups() {
        java.util.Map<String, List<CacheNode>> byGroup = new java.util.TreeMap<>();
        for (CacheNode n : nodes) {
            byGroup.computeIfAbsent(n.nodeGroupId(), k -> new java.util.ArrayList<>()).add(n);
        }
        return byGroup.entrySet().stream().map(e -> new NodeGroup(e.getKey(),
                e.getValue().stream().map(CacheNode::slots).filter(s -> !s.isEmpty()).findFirst().orElse(""),
                e.getValue())).toList();
    }

    /** The nodes that run or are being added (not those being removed). */
    public List<CacheNode> servingNodes() {
        return nodes.stream().filter(n -> n.status() != CacheNode.Status.DELETING).toList();
    }

    /** The replicas among the serving nodes. */
    public List<CacheNode> replicas() {
        return servingNodes().stream().filter(n -> !n.primary()).toList();
    }

    /** Every loopback port the group's endpoints hold: its nodes' and its own primary and reader endpoints'. */
    public List<Integer> publishedPorts() {
        List<Integer> ports = new java.util.ArrayList<>(nodes.stream().map(CacheNode::port).toList());
        if (primaryEndpointPort > 0) {
            ports.add(primaryEndpointPort);
        }
        if (readerEndpointPort > 0) {
            ports.add(readerEndpointPort);
        }
        return ports;
    }
}
