package dev.cachewarden.api;

import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.cache.CacheGroupReferences;

/** A CacheCluster's CacheParameterGroup and CacheSubnetGroupName members. */
final class CacheGroupsXml {
    private CacheGroupsXml() {}

    static void cacheCluster(XmlWriter xml, CacheGroupReferences.Answered groups) {
        if (groups == null) {
            return;
        }
        // Values the node can take are applied at once (ParameterApplier), the rest are stored only:
        // nothing ever waits for a reboot, so the status is always in-sync.
        xml.start("CacheParameterGroup")
                .element("CacheParameterGroupName", groups.cacheParameterGroupName())
                .element("ParameterApplyStatus", "in-sync")
                .memberList("CacheNodeIdsToReboot", java.util.List.of())
                .end()
                .element("CacheSubnetGroupName", groups.cacheSubnetGroupName());
    }
}
