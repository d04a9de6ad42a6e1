package dev.cachewarden.domain;

import java.util.List;

/**
 * A serverless cache: one endpoint and one reader endpoint, in front of nodes it does not expose. Here
 * its nodes are a TLS primary and a replica (serverless caches always encrypt in transit on AWS), whose
 * own ports are 0 (unpublished); the front serves both endpoints. One made before that has a single
 * node and both endpoints on that node's port, which it keeps.
 *
 * @param userGroupId the attached user group (UserGroupId); null when none
 * @param pendingUserGroups an attach or detach accepted but not yet applied; null when none
 * @param endpointPort the port of {@code Endpoint}
 * @param readerEndpointPort the port of {@code ReaderEndpoint}
 * @param nodes the nodes behind the endpoints, the primary first, never on the wire
 * @param version bumped by every change, for compare-and-set
 * @param settings usage limits, snapshots, network and key settings Describe answers back; null when
 *     none are stored (the defaults apply)
 */
public record ServerlessCache(
        String serverlessCacheName,
        String description,
        Engine engine,
        String majorEngineVersion,
        String fullEngineVersion,
        CacheStatus status,
        String userGroupId,
        ReplicationGroup.PendingUserGroups pendingUserGroups,
        int endpointPort,
        int readerEndpointPort,
        List<CacheNode> nodes,
        long createdAtMillis,
        long version,
        CacheSettings settings) implements Cache {

    public ServerlessCache {
        nodes = List.copyOf(nodes);
    }

    /** A serverless cache with no settings stored (the defaults apply). */
    public ServerlessCache(String serverlessCacheName, String description, Engine engine, String majorEngineVersion,
                           String fullEngineVersion, CacheStatus status, String userGroupId,
                           ReplicationGroup.PendingUserGroups pendingUserGroups, int endpointPort,
                           int readerEndpointPort, List<CacheNode> nodes, long createdAtMillis, long version) {
        this(serverlessCacheName, description, engine, majorEngineVersion, fullEngineVersion, status, userGroupId,
                pendingUserGroups, endpointPort, readerEndpointPort, nodes, createdAtMillis, version, null);
    }

    /**
     * The engine's label of a serverless cache's n-th node (its process directory, its lock). Never on
     * the wire; the double hyphen, which no replication group id has, keeps it apart from their nodes.
     */
    public static String nodeId(String serverlessCacheName, int n) {
        return "serverless--" + serverlessCacheName + String.format("-%03d", n);
    }

    /** The major part of a full engine version: "7" of "7.2.4". */
    public static String major(String fullEngineVersion) {
        int dot = fullEngineVersion.indexOf('.');
        return dot < 0 ? fullEngineVersion : fullEngineVersion.substring(0, dot);
    }

    public List<String> userGroupIds() {
        return userGroupId == null ? List.of() : List.of(userGroupId);
    }

    @Override
    public Ref ref() {
        return Ref.serverlessCache(serverlessCacheName);
    }

    @Override
    public boolean transitEncryption() {
        return true;
    }

    @Override
    public PasswordHash authTokenHash() {
        return null;
    }

    @Override
    public boolean external() {
        return false;
    }

    @Override
    public List<String> effectiveUserGroupIds() {
        return Cache.effective(userGroupIds(), pendingUserGroups);
    }

    @Override
    public boolean aclManaged() {
        return true;
    }

    public ServerlessCache withStatus(CacheStatus newStatus) {
        return new ServerlessCache(serverlessCacheName, description, engine, majorEngineVersion, fullEngineVersion,
                newStatus, userGroupId, pendingUserGroups, endpointPort, readerEndpointPort, nodes, createdAtMillis,
                version, settings);
    }
}
