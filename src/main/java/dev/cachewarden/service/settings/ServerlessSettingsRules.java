package dev.cachewarden.service.settings;

import dev.cachewarden.domain.CacheSettings;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.domain.fault.Fault;
import java.util.List;
import java.util.Optional;

/**
 * CreateServerlessCache / ModifyServerlessCache settings: CacheUsageLimits (AWS's ranges: 1 to 5,000 GB
 * of data, 1,000 to 15,000,000 ECPUs a second), KmsKeyId, SecurityGroupIds, SubnetIds, snapshots and
 * NetworkType, checked and answered back as set. Nothing sizes the two nodes behind a serverless
 * cache by them.
 */
public final class ServerlessSettingsRules {
    static final int MIN_DATA_GB = 1;
    static final int MAX_DATA_GB = 5_000;
    static final int MIN_ECPU = 1_000;
    static final int MAX_ECPU = 15_000_000;
    /** Answered when no DailySnapshotTime is given. */
    public static final String DEFAULT_DAILY_SNAPSHOT_TIME = "00:00";
    private static final List<String> NETWORK_TYPES = List.of("ipv4", "ipv6", "dual_stack");

    private ServerlessSettingsRules() {}

    /** Serverless caches always encrypt at rest on AWS. */
    public static CacheSettings defaults() {
        CacheSettings d = SettingsRules.defaults();
        return new CacheSettings(null, new CacheSettings.Snapshots(0, DEFAULT_DAILY_SNAPSHOT_TIME, null),
                d.maintenance(), d.notification(), new CacheSettings.Encryption(true, null), d.network(),
                d.placement(), false, List.of(),
                CacheSettings.UsageLimits.NONE, null);
    }

    public static CacheSettings forCreate(ServerlessSettingsRequest r) {
        r.snapshotArnsToRestore().filter(arns -> !arns.isEmpty()).ifPresent(arns -> {
            throw new ElastiCacheFault(Fault.SERVERLESS_CACHE_SNAPSHOT_NOT_FOUND, "Serverless cache snapshot "
                    + arns.get(0) + " not found.");
        });
        CacheSettings d = defaults();
        CacheSettings.UsageLimits limits = r.cacheUsageLimits().map(ServerlessSettingsRules::usageLimits)
                .orElse(CacheSettings.UsageLimits.NONE);
        String kms = r.kmsKeyId().map(SettingFormats::kmsKeyId).orElse(null);
        String networkType = r.networkType().map(t -> SettingFormats.oneOf("NetworkType", t, NETWORK_TYPES))
                .orElse("ipv4");
        return new CacheSettings(null, snapshots(d.snapshots(), r), d.maintenance(), d.notification(),
                new CacheSettings.Encryption(true, kms),
                new CacheSettings.Network(networkType, networkType.equals("ipv6") ? "ipv6" : "ipv4",
                        r.securityGroupIds().map(SettingFormats::securityGroupIds).orElse(List.of()),
                        r.subnetIds().map(SettingFormats::subnetIds).orElse(List.of())),
                d.placement(), false, List.of(), limits, null);
    }

    /** @return the settings after the modify, or empty when nothing changes */
    public static Optional<CacheSettings> forModify(CacheSettings current, ServerlessSettingsRequest r) {
        CacheSettings.UsageLimits limits = r.cacheUsageLimits().map(ServerlessSettingsRules::usageLimits)
                .orElse(current.usageLimits());
        CacheSettings.Network n = current.network();
        CacheSettings after = new CacheSettings(null, snapshots(current.snapshots(), r), current.maintenance(),
                current.notification(), current.encryption(),
                new CacheSettings.Network(n.networkType(), n.ipDiscovery(), r.securityGroupIds()
                        .map(SettingFormats::securityGroupIds).orElse(n.securityGroupIds()), n.subnetIds()),
                current.placement(), false, List.of(), limits, null);
        return after.equals(current) ? Optional.empty() : Optional.of(after);
    }

    private static CacheSettings.Snapshots snapshots(CacheSettings.Snapshots current, ServerlessSettingsRequest r) {
        return new CacheSettings.Snapshots(r.snapshotRetentionLimit().map(SettingFormats::snapshotRetentionLimit)
                .orElse(current.retentionLimit()), r.dailySnapshotTime().map(SettingFormats::dailySnapshotTime)
                .orElse(current.window()), null);
    }

    static CacheSettings.UsageLimits usageLimits(ServerlessSettingsRequest.UsageLimitsRequest r) {
        Integer dataMax = null;
        Integer dataMin = null;
        if (r.dataStorageGiven()) {
            String unit = r.dataStorageUnit().orElseThrow(() -> ElastiCacheFault.invalidValue(
                    "CacheUsageLimits.DataStorage.Unit is required: use GB."));
            if (!unit.equals("GB")) {
                throw ElastiCacheFault.invalidValue("Invalid CacheUsageLimits.DataStorage.Unit '" + unit + "': use GB.");
            }
            if (r.dataStorageMaximum().isEmpty() && r.dataStorageMinimum().isEmpty()) {
                throw ElastiCacheFault.invalidValue("CacheUsageLimits.DataStorage needs a Maximum or a Minimum.");
            }
            dataMax = r.dataStorageMaximum().map(v -> range("DataStorage.Maximum", v, MIN_DATA_GB, MAX_DATA_GB))
                    .orElse(null);
            dataMin = r.dataStorageMinimum().map(v -> range("DataStorage.Minimum", v, MIN_DATA_GB, MAX_DATA_GB))
                    .orElse(null);
            ordered("DataStorage", dataMin, dataMax);
        }
        Integer ecpuMax = r.ecpuMaximum().map(v -> range("ECPUPerSecond.Maximum", v, MIN_ECPU, MAX_ECPU)).orElse(null);
        Integer ecpuMin = r.ecpuMinimum().map(v -> range("ECPUPerSecond.Minimum", v, MIN_ECPU, MAX_ECPU)).orElse(null);
        ordered("ECPUPerSecond", ecpuMin, ecpuMax);
        return new CacheSettings.UsageLimits(dataMin, dataMax, ecpuMin, ecpuMax);
    }

    private static int range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw ElastiCacheFault.invalidValue("Invalid CacheUsageLimits." + name + " " + value + ": it must be between "
                    + min + " and " + max + ".");
        }
        return value;
    }

    private static void ordered(String name, Integer min, Integer max) {
        if (min != null && max != null && min > max) {
            throw ElastiCacheFault.invalidCombination("CacheUsageLimits." + name + ".Minimum (" + min
                    + ") must not exceed its Maximum (" + max + ").");
        }
    }
}
