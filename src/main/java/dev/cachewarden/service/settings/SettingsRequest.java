package dev.cachewarden.service.settings;

import java.util.List;
import java.util.Optional;

/**
 * The CreateReplicationGroup / ModifyReplicationGroup parameters that SettingsRules answers for, as
 * read from the request (nothing checked yet). A parameter the action does not take stays empty.
 */
public record SettingsRequest(
        Optional<String> cacheNodeType,
        Optional<Integer> snapshotRetentionLimit,
        Optional<String> snapshotWindow,
        Optional<String> snapshottingClusterId,
        Optional<String> preferredMaintenanceWindow,
        Optional<Boolean> autoMinorVersionUpgrade,
        Optional<String> notificationTopicArn,
        Optional<String> notificationTopicStatus,
        Optional<Boolean> atRestEncryptionEnabled,
        Optional<String> kmsKeyId,
        Optional<String> networkType,
        Optional<String> ipDiscovery,
        Optional<List<String>> securityGroupIds,
        Optional<List<String>> cacheSecurityGroupNames,
        Optional<List<String>> preferredCacheClusterAzs,
        Optional<Boolean> dataTieringEnabled,
        Optional<List<LogDeliveryRequest>> logDeliveryConfigurations,
        Optional<Integer> port,
        Optional<String> globalReplicationGroupId,
        Optional<String> primaryClusterId,
        Optional<List<String>> snapshotArns,
        Optional<String> snapshotName,
        Optional<String> serverlessCacheSnapshotName) {

    /** One LogDeliveryConfigurationRequest as sent; {@code enabled} false (on modify) turns that log type off. */
    public record LogDeliveryRequest(Optional<String> logType, Optional<String> destinationType,
                                     Optional<String> logGroup, Optional<String> deliveryStream,
                                     Optional<String> logFormat, Optional<Boolean> enabled) {}

    /** A request that sets nothing of these (tests, callers that predate them). */
    public static SettingsRequest none() {
        return new SettingsRequest(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
