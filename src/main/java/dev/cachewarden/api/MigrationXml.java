package dev.cachewarden.api;

import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.protocol.XmlWriter;

/** The ReplicationGroup elements of the migrations: a token change pending, when the token last changed. */
final class MigrationXml {
    private MigrationXml() {}

    /** Inside PendingModifiedValues: AuthTokenStatus while a SET or ROTATE is being applied. */
    static void pending(XmlWriter xml, ReplicationGroup g) {
        if (g.authTokenState().pending() != null) {
            xml.element("AuthTokenStatus", g.authTokenState().pending().wire());
        }
    }

    static void authTokenLastModified(XmlWriter xml, ReplicationGroup g) {
        if (g.authTokenState().lastModifiedMillis() > 0) {
            xml.element("AuthTokenLastModifiedDate", CacheXml.timestamp(g.authTokenState().lastModifiedMillis()));
        }
    }
}
