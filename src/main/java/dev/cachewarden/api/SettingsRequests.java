package dev.cachewarden.api;

import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.service.settings.ServerlessSettingsRequest;
import dev.cachewarden.service.settings.SettingsRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the settings parameters of CreateReplicationGroup, ModifyReplicationGroup, CreateServerlessCache
 * and ModifyServerlessCache. Lists are read under the model's member names (botocore, the SDKs) and
 * under {@code member} (some hand-written clients).
 */
final class SettingsRequests {
    private SettingsRequests() {}

    static SettingsRequest createReplicationGroup(QueryRequest r) {
        return new SettingsRequest(r.string("CacheNodeType"), r.integer("SnapshotRetentionLimit"),
                r.string("SnapshotWindow"), Optional.empty(), r.string("PreferredMaintenanceWindow"),
                r.bool("AutoMinorVersionUpgrade"), r.string("NotificationTopicArn"), Optional.empty(),
                r.bool("AtRestEncryptionEnabled"), r.string("KmsKeyId"), r.string("NetworkType"), r.string("IpDiscovery"),
                list(r, "SecurityGroupIds", "SecurityGroupId"),
                list(r, "CacheSecurityGroupNames", "CacheSecurityGroupName"),
                list(r, "PreferredCacheClusterAZs", "AvailabilityZone"), r.bool("DataTieringEnabled"),
                logDeliveries(r), r.integer("Port"), r.string("GlobalReplicationGroupId"), r.string("PrimaryClusterId"),
                list(r, "SnapshotArns", "SnapshotArn"), r.string("SnapshotName"),
                r.string("ServerlessCacheSnapshotName"));
    }

    /** PrimaryClusterId is left out: on modify it promotes a node (the failover rules read it). */
    static SettingsRequest modifyReplicationGroup(QueryRequest r) {
        return new SettingsRequest(r.string("CacheNodeType"), r.integer("SnapshotRetentionLimit"),
                r.string("SnapshotWindow"), r.string("SnapshottingClusterId"), r.string("PreferredMaintenanceWindow"),
                r.bool("AutoMinorVersionUpgrade"), r.string("NotificationTopicArn"), r.string("NotificationTopicStatus"),
                Optional.empty(), Optional.empty(), Optional.empty(), r.string("IpDiscovery"),
                list(r, "SecurityGroupIds", "SecurityGroupId"),
                list(r, "CacheSecurityGroupNames", "CacheSecurityGroupName"), Optional.empty(), Optional.empty(),
                logDeliveries(r), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    static ServerlessSettingsRequest createServerlessCache(QueryRequest r) {
        return new ServerlessSettingsRequest(usageLimits(r), r.string("KmsKeyId"),
                list(r, "SecurityGroupIds", "SecurityGroupId"), list(r, "SubnetIds", "SubnetId"),
                r.integer("SnapshotRetentionLimit"), r.string("DailySnapshotTime"), r.string("NetworkType"),
                list(r, "SnapshotArnsToRestore", "SnapshotArn"));
    }

    static ServerlessSettingsRequest modifyServerlessCache(QueryRequest r) {
        return new ServerlessSettingsRequest(usageLimits(r), Optional.empty(),
                list(r, "SecurityGroupIds", "SecurityGroupId"), Optional.empty(), r.integer("SnapshotRetentionLimit"),
                r.string("DailySnapshotTime"), Optional.empty(), Optional.empty());
    }

    private static Optional<List<SettingsRequest.LogDeliveryRequest>> logDeliveries(QueryRequest r) {
        Optional<List<String>> prefixes = r.structPrefixes("LogDeliveryConfigurations", "LogDeliveryConfigurationRequest");
        if (prefixes.isEmpty()) {
            prefixes = r.structPrefixes("LogDeliveryConfigurations", "member");
        }
        return prefixes.map(list -> {
            List<SettingsRequest.LogDeliveryRequest> out = new ArrayList<>();
            for (String p : list) {
                out.add(new SettingsRequest.LogDeliveryRequest(r.string(p + "LogType"), r.string(p + "DestinationType"),
                        r.string(p + "DestinationDetails.CloudWatchLogsDetails.LogGroup"),
                        r.string(p + "DestinationDetails.KinesisFirehoseDetails.DeliveryStream"),
                        r.string(p + "LogFormat"), r.bool(p + "Enabled")));
            }
            return out;
        });
    }

    private static Optional<ServerlessSettingsRequest.UsageLimitsRequest> usageLimits(QueryRequest r) {
        String ds = "CacheUsageLimits.DataStorage.";
        String ecpu = "CacheUsageLimits.ECPUPerSecond.";
        boolean dataStorage = r.has(ds + "Maximum") || r.has(ds + "Minimum") || r.has(ds + "Unit");
        boolean any = dataStorage || r.has(ecpu + "Maximum") || r.has(ecpu + "Minimum");
        if (!any) {
            return Optional.empty();
        }
        return Optional.of(new ServerlessSettingsRequest.UsageLimitsRequest(r.integer(ds + "Maximum"),
                r.integer(ds + "Minimum"), r.string(ds + "Unit"), dataStorage, r.integer(ecpu + "Maximum"),
                r.integer(ecpu + "Minimum")));
    }

    private static Optional<List<String>> list(QueryRequest r, String name, String memberName) {
        Optional<List<String>> named = r.list(name, memberName);
        return named.isPresent() ? named : r.list(name);
    }
}
