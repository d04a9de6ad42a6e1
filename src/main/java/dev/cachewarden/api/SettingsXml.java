package dev.cachewarden.api;

import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.CacheSettings;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.ServerlessCache;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.settings.ServerlessSettingsRules;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.service.settings.SettingsRules;
import java.util.List;

/**
 * The settings parts of the ReplicationGroup, CacheCluster and ServerlessCache shapes, written as
 * they were set (domain.CacheSettings). Element order does not matter to AWS Query clients, which
 * read children by name, so each shape's settings are written together.
 */
final class SettingsXml {
    private SettingsXml() {}

    /** A group's settings as they stand now: a pending change whose time has come is in effect. */
    static CacheSettings of(ReplicationGroup g, ServiceSettings settings) {
        CacheSettings s = g.settings() != null ? g.settings() : SettingsRules.defaults();
        return s.at(settings.clock().millis());
    }

    static CacheSettings of(ServerlessCache c, ServiceSettings settings) {
        CacheSettings s = c.settings() != null ? c.settings() : ServerlessSettingsRules.defaults();
        return s.at(settings.clock().millis());
    }

    /** Inside ReplicationGroup's PendingModifiedValues. */
    static void replicationGroupPending(XmlWriter xml, CacheSettings s) {
        if (s.pending() != null && s.pending().logDeliveries() != null) {
            xml.start("LogDeliveryConfigurations");
            for (CacheSettings.LogDelivery l : s.pending().logDeliveries()) {
                xml.start("member");
                logDelivery(xml, l);
                xml.end();
            }
            xml.end();
        }
    }

    /** ReplicationGroup's settings elements. */
    static void replicationGroup(XmlWriter xml, ReplicationGroup g, CacheSettings s) {
        String snapshotting = SettingsRules.snapshottingClusterId(s, g);
        if (snapshotting != null) {
            xml.element("SnapshottingClusterId", snapshotting);
        }
        xml.element("SnapshotRetentionLimit", s.snapshots().retentionLimit())
                .element("SnapshotWindow", s.snapshots().window())
                .element("CacheNodeType", s.cacheNodeType())
                .element("AtRestEncryptionEnabled", s.encryption().atRest());
        if (s.encryption().kmsKeyId() != null) {
            xml.element("KmsKeyId", s.encryption().kmsKeyId());
        }
        logDeliveries(xml, s.logDeliveries());
        xml.element("DataTiering", s.dataTiering() ? "enabled" : "disabled")
                .element("AutoMinorVersionUpgrade", s.maintenance().autoMinorVersionUpgrade())
                .element("NetworkType", s.network().networkType())
                .element("IpDiscovery", s.network().ipDiscovery());
    }

    /** The AZ a node was asked to be in, else the region's first. */
    static String availabilityZone(CacheSettings s, CacheNode n, ServiceSettings settings) {
        String asked = s.placement().availabilityZone(n.cacheClusterId());
        return asked != null ? asked : settings.region() + "a";
    }

    /** Inside CacheCluster's PendingModifiedValues. */
    static void cacheClusterPending(XmlWriter xml, CacheSettings s) {
        if (s.pending() != null && s.pending().cacheNodeType() != null) {
            xml.element("CacheNodeType", s.pending().cacheNodeType());
        }
        replicationGroupPending(xml, s);
    }

    /**
     * CacheCluster's settings elements. Only the node that takes snapshots answers the retention
     * limit; the others answer 0, as AWS's member clusters do.
     */
    static void cacheCluster(XmlWriter xml, ReplicationGroup g, CacheNode n, CacheSettings s) {
        xml.element("PreferredMaintenanceWindow", s.maintenance().preferredWindow());
        if (s.notification().topicArn() != null) {
            xml.start("NotificationConfiguration")
                    .element("TopicArn", s.notification().topicArn())
                    .element("TopicStatus", s.notification().topicStatus())
                    .end();
        }
        xml.start("SecurityGroups");
        for (String id : s.network().securityGroupIds()) {
            xml.start("member").element("SecurityGroupId", id).element("Status", "active").end();
        }
        xml.end();
        boolean snapshotting = n.cacheClusterId().equals(SettingsRules.snapshottingClusterId(s, g));
        xml.element("AutoMinorVersionUpgrade", s.maintenance().autoMinorVersionUpgrade())
                .element("SnapshotRetentionLimit", snapshotting ? s.snapshots().retentionLimit() : 0)
                .element("SnapshotWindow", s.snapshots().window())
                .element("AtRestEncryptionEnabled", s.encryption().atRest())
                .element("ReplicationGroupLogDeliveryEnabled", !s.logDeliveries().isEmpty());
        logDeliveries(xml, s.logDeliveries());
        xml.element("NetworkType", s.network().networkType())
                .element("IpDiscovery", s.network().ipDiscovery());
    }

    /** ServerlessCache's settings elements. */
    static void serverlessCache(XmlWriter xml, CacheSettings s) {
        CacheSettings.UsageLimits u = s.usageLimits();
        if (!u.unset()) {
            xml.start("CacheUsageLimits");
            if (u.dataStorageMaximum() != null || u.dataStorageMinimum() != null) {
                xml.start("DataStorage");
                optional(xml, "Maximum", u.dataStorageMaximum());
                optional(xml, "Minimum", u.dataStorageMinimum());
                xml.element("Unit", "GB").end();
            }
            if (u.ecpuMaximum() != null || u.ecpuMinimum() != null) {
                xml.start("ECPUPerSecond");
                optional(xml, "Maximum", u.ecpuMaximum());
                optional(xml, "Minimum", u.ecpuMinimum());
                xml.end();
            }
            xml.end();
        }
        if (s.encryption().kmsKeyId() != null) {
            xml.element("KmsKeyId", s.encryption().kmsKeyId());
        }
        xml.start("SecurityGroupIds");
        for (String id : s.network().securityGroupIds()) {
            xml.element("SecurityGroupId", id);
        }
        xml.end().start("SubnetIds");
        for (String id : s.network().subnetIds()) {
            xml.element("SubnetId", id);
        }
        xml.end()
                .element("SnapshotRetentionLimit", s.snapshots().retentionLimit())
                .element("DailySnapshotTime", s.snapshots().window())
                .element("NetworkType", s.network().networkType());
    }

    private static void logDeliveries(XmlWriter xml, List<CacheSettings.LogDelivery> logs) {
        xml.start("LogDeliveryConfigurations");
        for (CacheSettings.LogDelivery l : logs) {
            xml.start("LogDeliveryConfiguration");
            logDelivery(xml, l);
            xml.element("Status", "active").end();
        }
        xml.end();
    }

    private static void logDelivery(XmlWriter xml, CacheSettings.LogDelivery l) {
        xml.element("LogType", l.logType()).element("DestinationType", l.destinationType());
        xml.start("DestinationDetails");
        if (l.destinationType().equals("cloudwatch-logs")) {
            xml.start("CloudWatchLogsDetails").element("LogGroup", l.destination()).end();
        } else {
            xml.start("KinesisFirehoseDetails").element("DeliveryStream", l.destination()).end();
        }
        xml.end().element("LogFormat", l.logFormat());
    }

    private static void optional(XmlWriter xml, String name, Integer value) {
        if (value != null) {
            xml.element(name, value);
        }
    }
}
