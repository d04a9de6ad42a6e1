package dev.cachewarden.api;

import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.ServerlessCache;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.ServiceSettings;

/** The ServerlessCache shape: Endpoint and ReaderEndpoint (Address, Port) are the cache's, never its nodes'. */
final class ServerlessXml {
    private ServerlessXml() {}

    static void serverlessCache(XmlWriter xml, ServerlessCache c, ServiceSettings settings) {
        xml.element("ServerlessCacheName", c.serverlessCacheName())
                .element("Description", c.description())
                .element("CreateTime", CacheXml.timestamp(c.createdAtMillis()))
                .element("Status", c.status().wire())
                .element("Engine", c.engine().wire())
                .element("MajorEngineVersion", c.majorEngineVersion())
                .element("FullEngineVersion", c.fullEngineVersion());
        endpoint(xml, "Endpoint", c.endpointPort());
        endpoint(xml, "ReaderEndpoint", c.readerEndpointPort());
        xml.element("ARN", settings.serverlessCacheArn(c.serverlessCacheName()));
        if (c.userGroupId() != null) {
            xml.element("UserGroupId", c.userGroupId());
        }
        SettingsXml.serverlessCache(xml, SettingsXml.of(c, settings));
    }

    private static void endpoint(XmlWriter xml, String name, int port) {
        xml.start(name).element("Address", CacheNode.LOOPBACK).element("Port", port).end();
    }
}
