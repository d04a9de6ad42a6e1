package dev.cachewarden.api;

import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.NodeGroup;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.ServiceSettings;

/**
 * A cluster-mode group's NodeGroups as AWS answers them: one per shard with its Slots and members,
 * each member with its ReadEndpoint; no PrimaryEndpoint or ReaderEndpoint (clients use the
 * ConfigurationEndpoint, written by {@link #configurationEndpoint}).
 */
final class ClusterXml {
    private ClusterXml() {}

    static void nodeGroups(XmlWriter xml, ReplicationGroup g, dev.cachewarden.domain.CacheSettings s,
                           ServiceSettings settings) {
        xml.start("NodeGroups");
        for (NodeGroup shard : g.nodeGroups()) {
            xml.start("NodeGroup")
                    .element("NodeGroupId", shard.nodeGroupId())
                    .element("Status", CacheXml.nodeGroupStatus(g))
                    .element("Slots", shard.slots());
            xml.start("NodeGroupMembers");
            for (CacheNode n : shard.members()) {
                xml.start("NodeGroupMember")
                        .element("CacheClusterId", n.cacheClusterId())
                        .element("CacheNodeId", CacheNode.CACHE_NODE_ID);
                CacheXml.endpoint(xml, "ReadEndpoint", n);
                xml.element("PreferredAvailabilityZone", SettingsXml.availabilityZone(s, n, settings)).end();
            }
            xml.end().end();
        }
        xml.end();
    }

    static void configurationEndpoint(XmlWriter xml, ReplicationGroup g) {
        if (g.primaryEndpointPort() > 0) {
            CacheXml.endpoint(xml, "ConfigurationEndpoint",
                    new CacheNode(g.replicationGroupId(), dev.cachewarden.domain.LoopbackBlock.primaryEndpointHost(
                            g.nodes()), g.primaryEndpointPort(), true));
        }
    }
}
