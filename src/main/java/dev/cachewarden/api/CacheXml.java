package dev.cachewarden.api;

import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.LoopbackBlock;
import dev.cachewarden.domain.CacheSettings;
import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.cache.CacheService;
import dev.cachewarden.service.ServiceSettings;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The ReplicationGroup and CacheCluster shapes as the model lays them out. */
final class CacheXml {
    private CacheXml() {}

    static void replicationGroup(XmlWriter xml, ReplicationGroup g, ServiceSettings settings) {
        CacheSettings s = SettingsXml.of(g, settings);
        xml.element("ReplicationGroupId", g.replicationGroupId())
                .element("Description", g.description())
                .element("Status", g.status().wire());
        xml.start("PendingModifiedValues");
        if (g.automaticFailover() != g.automaticFailover().settled()) {
            xml.element("AutomaticFailoverStatus", g.automaticFailover().settled().wire());
        }
        MigrationXml.pending(xml, g);
        if (g.pendingUserGroups() != null) {
            xml.start("UserGroups")
                    .memberList("UserGroupIdsToAdd", g.pendingUserGroups().toAdd())
                    .memberList("UserGroupIdsToRemove", g.pendingUserGroups().toRemove())
                    .end();
        }
        MigrationXml.pendingModes(xml, g);
        SettingsXml.replicationGroupPending(xml, s);
        xml.end();
        xml.start("MemberClusters");
        for (CacheNode n : g.nodes()) {
            xml.element("ClusterId", n.cacheClusterId());
        }
        xml.end();
        if (g.clusterEnabled()) {
            ClusterXml.nodeGroups(xml, g, s, settings);
        } else {
            singleShard(xml, g, s, settings);
        }
        xml.element("AutomaticFailover", g.automaticFailover().wire())
                .element("MultiAZ", g.multiAz() ? "enabled" : "disabled");
        if (g.runsAsCluster()) { // compatible too: cluster clients use it while others keep PrimaryEndpoint
            ClusterXml.configurationEndpoint(xml, g);
        }
        xml.element("ClusterEnabled", g.clusterEnabled())
                .element("AuthTokenEnabled", g.authTokenHash() != null);
        MigrationXml.authTokenLastModified(xml, g);
        xml.element("TransitEncryptionEnabled", g.transitEncryption())
                .element("ARN", settings.replicationGroupArn(g.replicationGroupId()))
                .memberList("UserGroupIds", g.userGroupIds())
                .element("ReplicationGroupCreateTime", timestamp(g.createdAtMillis()));
        SettingsXml.replicationGroup(xml, g, s);
        if (g.transitEncryption()) {
            xml.element("TransitEncryptionMode", g.transitEncryptionMode().wire());
        }
        xml.element("ClusterMode", g.clusterMode().wire())
                .element("Engine", g.engine().wire());
    }

    /** The one NodeGroup (0001) of a group without cluster mode, with its PrimaryEndpoint and ReaderEndpoint. */
    private static void singleShard(XmlWriter xml, ReplicationGroup g, CacheSettings s, ServiceSettings settings) {
        CacheNode primary = g.primary();
        CacheNode reader = g.nodes().stream().filter(n -> !n.primary()).findFirst().orElse(primary);
        // The group's own endpoints follow the roles; a group made before them answers its nodes' addresses.
        CacheNode primaryEndpoint = g.primaryEndpointPort() > 0
                ? new CacheNode(g.replicationGroupId(), LoopbackBlock.primaryEndpointHost(g.nodes()),
                        g.primaryEndpointPort(), true) : primary;
        CacheNode readerEndpoint = g.readerEndpointPort() > 0
                ? new CacheNode(g.replicationGroupId(), LoopbackBlock.readerEndpointHost(g.nodes()),
                        g.readerEndpointPort(), false) : reader;
        xml.start("NodeGroups").start("NodeGroup")
                .element("NodeGroupId", "0001")
                .element("Status", nodeGroupStatus(g));
        endpoint(xml, "PrimaryEndpoint", primaryEndpoint);
        endpoint(xml, "ReaderEndpoint", readerEndpoint);
        xml.start("NodeGroupMembers");
        for (CacheNode n : g.nodes()) {
            xml.start("NodeGroupMember")
                    .element("CacheClusterId", n.cacheClusterId())
                    .element("CacheNodeId", CacheNode.CACHE_NODE_ID);
            endpoint(xml, "ReadEndpoint", n);
            xml.element("PreferredAvailabilityZone", SettingsXml.availabilityZone(s, n, settings))
                    .element("CurrentRole", n.role())
                    .end();
        }
        xml.end().end().end();
    }

    static void cacheCluster(XmlWriter xml, CacheService.CacheClusterView v, boolean showNodes, ServiceSettings settings) {
        cacheCluster(xml, v, showNodes, settings, null);
    }

    /** @param groups the subnet and parameter group the node's replication group uses; null: not answered */
    static void cacheCluster(XmlWriter xml, CacheService.CacheClusterView v, boolean showNodes, ServiceSettings settings,
                             dev.cachewarden.service.cache.CacheGroupReferences.Answered groups) {
        ReplicationGroup g = v.replicationGroup();
        CacheNode n = v.node();
        CacheSettings s = SettingsXml.of(g, settings);
        xml.element("CacheClusterId", n.cacheClusterId())
                .element("ClientDownloadLandingPage", "https://console.aws.amazon.com/elasticache/home#client-download:")
                .element("CacheNodeType", s.cacheNodeType())
                .element("Engine", g.engine().wire())
                .element("EngineVersion", g.engineVersion())
                .element("CacheClusterStatus", clusterStatus(g, n))
                .element("NumCacheNodes", 1)
                .element("PreferredAvailabilityZone", SettingsXml.availabilityZone(s, n, settings))
                .element("CacheClusterCreateTime", timestamp(g.createdAtMillis()));
        xml.start("PendingModifiedValues");
        SettingsXml.cacheClusterPending(xml, s);
        xml.end();
        xml.memberList("CacheSecurityGroups", java.util.List.of());
        CacheGroupsXml.cacheCluster(xml, groups);
        if (showNodes) {
            xml.start("CacheNodes").start("CacheNode")
                    .element("CacheNodeId", CacheNode.CACHE_NODE_ID)
                    .element("CacheNodeStatus", nodeStatus(g, n))
                    .element("CacheNodeCreateTime", timestamp(g.createdAtMillis()));
            endpoint(xml, "Endpoint", n);
            xml.element("ParameterGroupStatus", "in-sync")
                    .element("CustomerAvailabilityZone", SettingsXml.availabilityZone(s, n, settings))
                    .end().end();
        }
        xml.element("ReplicationGroupId", g.replicationGroupId())
                .element("AuthTokenEnabled", g.authTokenHash() != null)
                .element("TransitEncryptionEnabled", g.transitEncryption())
                .element("ARN", settings.cacheClusterArn(n.cacheClusterId()));
        SettingsXml.cacheCluster(xml, g, n, s);
        if (g.transitEncryption()) {
            xml.element("TransitEncryptionMode", g.transitEncryptionMode().wire());
        }
    }

    /** A node being added or removed says so; the others share their group's status. */
    private static String clusterStatus(ReplicationGroup g, CacheNode n) {
        return n.status() == CacheNode.Status.AVAILABLE ? g.status().wire() : n.status().wire();
    }

    /**
     * A NodeGroup's Status, with or without cluster mode: the model documents it as "the current state
     * of this replication group" (creating, available, modifying, deleting), so every shard says its
     * group's state, create-failed too (a failed group's shards failed with it; the model lists that
     * value for the group only).
     */
    static String nodeGroupStatus(ReplicationGroup g) {
        return g.status().wire();
    }

    /** A node of a failed creation never ran: it says create-failed as its group and cluster do, not available. */
    private static String nodeStatus(ReplicationGroup g, CacheNode n) {
        if (g.status() == CacheStatus.CREATE_FAILED) {
            return g.status().wire();
        }
        return g.status() == CacheStatus.CREATING || n.status() == CacheNode.Status.CREATING
                ? "creating" : n.status() == CacheNode.Status.DELETING ? "deleting" : "available";
    }

    static void endpoint(XmlWriter xml, String name, CacheNode node) {
        xml.start(name).element("Address", node.host()).element("Port", node.port()).end();
    }

    static String timestamp(long millis) {
        return Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
