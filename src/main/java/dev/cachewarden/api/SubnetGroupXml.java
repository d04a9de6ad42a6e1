package dev.cachewarden.api;

import dev.cachewarden.domain.CacheSubnetGroup;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.cache.CacheSubnetGroupService;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.service.cache.SubnetRules;

/** The CacheSubnetGroup shape as the model lays it out. */
final class SubnetGroupXml {
    private SubnetGroupXml() {}

    static void group(XmlWriter xml, CacheSubnetGroup g, CacheSubnetGroupService service, ServiceSettings settings) {
        xml.element("CacheSubnetGroupName", g.name())
                .element("CacheSubnetGroupDescription", g.description())
                .element("VpcId", SubnetRules.vpcId(settings.region(), settings.accountId()));
        xml.start("Subnets");
        for (String id : g.subnetIds()) {
            xml.start("Subnet")
                    .element("SubnetIdentifier", id)
                    .start("SubnetAvailabilityZone")
                    .element("Name", SubnetRules.availabilityZone(settings.region(), id))
                    .end()
                    .memberList("SupportedNetworkTypes", java.util.List.of("ipv4"))
                    .end();
        }
        xml.end()
                .element("ARN", service.arn(g.name()))
                .memberList("SupportedNetworkTypes", java.util.List.of("ipv4"));
    }
}
