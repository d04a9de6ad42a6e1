package dev.cachewarden.api;

import dev.cachewarden.domain.PendingModes;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.protocol.XmlWriter;

/** The ReplicationGroup elements of the migrations: a token, TLS or ClusterMode change pending, when the token last changed. */
final class MigrationXml {
    private MigrationXml() {}

    /** Inside PendingModifiedValues: AuthTokenStatus while a SET or ROTATE is being applied. */
    static void pending(XmlWriter xml, ReplicationGroup g) {
        if (g.authTokenState().pending() != null) {
            xml.element("AuthTokenStatus", g.authTokenState().pending().wire());
        }
    }

    /**
     * Inside PendingModifiedValues, after UserGroups as the model orders them: a TLS change or a ClusterMode
     * conversion still being carried out on the nodes.
     */
    static void pendingModes(XmlWriter xml, ReplicationGroup g) {
        PendingModes p = g.pendingModes();
        if (p.transitEncryptionEnabled() != null) {
            xml.element("TransitEncryptionEnabled", p.transitEncryptionEnabled());
        }
        if (p.transitEncryptionMode() != null) {
            xml.element("TransitEncryptionMode", p.transitEncryptionMode().wire());
        }
        if (p.clusterMode() != null) {
            xml.element("ClusterMode", p.clusterMode().wire());
        }
    }

    static void authTokenLastModified(XmlWriter xml, ReplicationGroup g) {
        if (g.authTokenState().lastModifiedMillis() > 0) {
            xml.element("AuthTokenLastModifiedDate", CacheXml.timestamp(g.authTokenState().lastModifiedMillis()));
        }
    }
}
