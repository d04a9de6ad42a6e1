package dev.cachewarden.service.settings;

import java.util.List;
import java.util.Optional;

/** The CreateServerlessCache / ModifyServerlessCache parameters ServerlessSettingsRules answers for, as read. */
public record ServerlessSettingsRequest(
        Optional<UsageLimitsRequest> cacheUsageLimits,
        Optional<String> kmsKeyId,
        Optional<List<String>> securityGroupIds,
        Optional<List<String>> subnetIds,
        Optional<Integer> snapshotRetentionLimit,
        Optional<String> dailySnapshotTime,
        Optional<String> networkType,
        Optional<List<String>> snapshotArnsToRestore) {

    /** CacheUsageLimits as sent: DataStorage (Maximum, Minimum, Unit) and ECPUPerSecond (Maximum, Minimum). */
    public record UsageLimitsRequest(Optional<Integer> dataStorageMaximum, Optional<Integer> dataStorageMinimum,
                                     Optional<String> dataStorageUnit, boolean dataStorageGiven,
                                     Optional<Integer> ecpuMaximum, Optional<Integer> ecpuMinimum) {}

    public static ServerlessSettingsRequest none() {
        return new ServerlessSettingsRequest(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
