package dev.cachewarden.api;

import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.ServiceSettings;

/** The ServerlessCache shape; both endpoints are the cache's one node. */
final class ServerlessXml {
    private ServerlessXml() {}

    static void serverlessCache(XmlWriter xml, ReplicationGroup c, ServiceSettings settings) {
        String version = c.engineVersion();
        int dot = version.indexOf('.');
        xml.element("ServerlessCacheName", c.serverlessCacheName())
                .element("Description", c.description())
                .element("CreateTime", CacheXml.timestamp(c.createdAtMillis()))
                .element("Status", c.status().wire())
                .element("Engine", c.engine().wire())
                .element("MajorEngineVersion", dot < 0 ? version : version.substring(0, dot))
                .element("FullEngineVersion", version)
                .memberList("SecurityGroupIds", java.util.List.of());
        CacheXml.endpoint(xml, "Endpoint", c.primary());
        CacheXml.endpoint(xml, "ReaderEndpoint", c.primary());
        xml.element("ARN", settings.serverlessCacheArn(c.serverlessCacheName()));
        if (!c.userGroupIds().isEmpty()) {
            xml.element("UserGroupId", c.userGroupIds().get(0));
        }
        xml.memberList("SubnetIds", java.util.List.of())
                .element("SnapshotRetentionLimit", 0)
                .element("DailySnapshotTime", "00:00");
    }
}
