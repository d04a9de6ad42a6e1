package dev.cachewarden.service.settings;

import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.CacheSettings;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.domain.fault.Fault;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The CreateReplicationGroup / ModifyReplicationGroup settings that nodes on this machine cannot
 * make real but clients read back (node type, snapshots, maintenance, notifications, encryption at
 * rest, network, placement, log delivery): each is checked as AWS checks it and kept as set, or
 * refused with AWS's fault. References to things that never exist here (global datastores,
 * snapshots, a cache cluster to seed from, EC2-Classic security groups) get AWS's not-found fault.
 */
public final class SettingsRules {
    /** Answered when no PreferredMaintenanceWindow is given (AWS picks one at random; docs/aws-guesses.md). */
    public static final String DEFAULT_MAINTENANCE_WINDOW = "sun:05:00-sun:06:00";
    /** Answered when no SnapshotWindow is given; it does not meet the default maintenance window. */
    public static final String DEFAULT_SNAPSHOT_WINDOW = "03:00-04:00";
    /** ElastiCache's port for Redis OSS and Valkey. */
    public static final int DEFAULT_PORT = 6379;

    private static final List<String> NETWORK_TYPES = List.of("ipv4", "ipv6", "dual_stack");
    private static final List<String> IP_DISCOVERY = List.of("ipv4", "ipv6");
    private static final List<String> TOPIC_STATUSES = List.of("active", "inactive");
    private static final Pattern AZ = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+[a-z]");

    private SettingsRules() {}

    /** What a replication group answers when nothing was set, also for groups made before settings were kept. */
    public static CacheSettings defaults() {
        return new CacheSettings(NodeTypes.DEFAULT, new CacheSettings.Snapshots(0, DEFAULT_SNAPSHOT_WINDOW, null),
                new CacheSettings.Maintenance(DEFAULT_MAINTENANCE_WINDOW, true), new CacheSettings.Notification(null, null),
                new CacheSettings.Encryption(false, null),
                new CacheSettings.Network("ipv4", "ipv4", List.of(), List.of()), CacheSettings.Placement.NONE, false,
                List.of(), CacheSettings.UsageLimits.NONE, null);
    }

    /** CreateReplicationGroup's settings, checked; the nodes are named later ({@link #place}). */
    public static CacheSettings forCreate(SettingsRequest r, String region) {
        refuseReferences(r);
        r.port().ifPresent(PortRules::check);
        CacheSettings d = defaults();
        String nodeType = r.cacheNodeType().map(NodeTypes::check).orElse(NodeTypes.DEFAULT);
        boolean tiering = r.dataTieringEnabled().orElse(false);
        checkTiering(nodeType, tiering);
        int retention = r.snapshotRetentionLimit().map(SettingFormats::snapshotRetentionLimit).orElse(0);
        String maintenance = r.preferredMaintenanceWindow().map(SettingFormats::maintenanceWindow)
                .orElse(DEFAULT_MAINTENANCE_WINDOW);
        String snapshotWindow = r.snapshotWindow().map(SettingFormats::snapshotWindow).orElse(DEFAULT_SNAPSHOT_WINDOW);
        checkWindows(snapshotWindow, maintenance);
        String topic = r.notificationTopicArn().map(SettingFormats::notificationTopicArn).orElse(null);
        boolean atRest = r.atRestEncryptionEnabled().orElse(false);
        String kms = r.kmsKeyId().map(SettingFormats::kmsKeyId).orElse(null);
        if (kms != null && !atRest) {
            throw ElastiCacheFault.invalidCombination("KmsKeyId can be given only with AtRestEncryptionEnabled=true.");
        }
        String networkType = r.networkType().map(t -> SettingFormats.oneOf("NetworkType", t, NETWORK_TYPES))
                .orElse("ipv4");
        String ipDiscovery = r.ipDiscovery().map(t -> SettingFormats.oneOf("IpDiscovery", t, IP_DISCOVERY))
                .orElse(networkType.equals("ipv6") ? "ipv6" : "ipv4");
        checkDiscovery(networkType, ipDiscovery);
        List<String> securityGroups = r.securityGroupIds().map(SettingFormats::securityGroupIds).orElse(List.of());
        List<String> azs = r.preferredCacheClusterAzs().map(list -> availabilityZones(list, region)).orElse(List.of());
        List<CacheSettings.LogDelivery> logs = LogDeliveries.forCreate(r.logDeliveryConfigurations().orElse(List.of()));
        return new CacheSettings(nodeType, new CacheSettings.Snapshots(retention, snapshotWindow, null),
                new CacheSettings.Maintenance(maintenance, r.autoMinorVersionUpgrade().orElse(true)),
                new CacheSettings.Notification(topic, topic == null ? null : "active"),
                new CacheSettings.Encryption(atRest, kms),
                new CacheSettings.Network(networkType, ipDiscovery, securityGroups, List.of()),
                new CacheSettings.Placement(azs, List.of()), tiering, logs, d.usageLimits(), null);
    }

    /**
     * The settings given to the nodes just named (in creation order): PreferredCacheClusterAZs, one a
     * node, and the node that takes snapshots while retention is on.
     */
    public static CacheSettings place(CacheSettings s, List<String> cacheClusterIds) {
        List<String> azs = s.placement().availabilityZones();
        if (!azs.isEmpty() && azs.size() != cacheClusterIds.size()) {
            throw ElastiCacheFault.invalidCombination("The number of PreferredCacheClusterAZs (" + azs.size()
                    + ") must equal the number of cache clusters (" + cacheClusterIds.size() + ").");
        }
        CacheSettings placed = s.placedOn(cacheClusterIds);
        if (s.snapshots().retentionLimit() > 0 && s.snapshots().snapshottingClusterId() == null) {
            // A replica takes the snapshots when there is one, so the primary is spared the fork.
            String node = cacheClusterIds.size() > 1 ? cacheClusterIds.get(1) : cacheClusterIds.get(0);
            placed = withSnapshots(placed, new CacheSettings.Snapshots(s.snapshots().retentionLimit(),
                    s.snapshots().window(), node));
        }
        return placed;
    }

    /**
     * ModifyReplicationGroup's settings over the current ones. CacheNodeType and LogDeliveryConfigurations
     * take effect at {@code dueAtMillis} (PendingModifiedValues until then); the rest at once.
     *
     * @return empty when nothing changes
     */
    public static Optional<CacheSettings> forModify(CacheSettings stored, SettingsRequest r, ReplicationGroup group,
                                                    long nowMillis, long dueAtMillis) {
        refuseReferences(r);
        CacheSettings current = stored.at(nowMillis);
        String nodeType = current.cacheNodeType();
        String pendingType = null;
        if (r.cacheNodeType().isPresent()) {
            String asked = NodeTypes.check(r.cacheNodeType().get());
            if (NodeTypes.dataTiering(asked) != current.dataTiering()) {
                throw ElastiCacheFault.invalidCombination("Cannot change CacheNodeType from " + nodeType + " to " + asked
                        + ": data tiering (r6gd) and other node types cannot be scaled into each other.");
            }
            pendingType = asked.equals(nodeType) ? null : asked;
        }
        int retention = r.snapshotRetentionLimit().map(SettingFormats::snapshotRetentionLimit)
                .orElse(current.snapshots().retentionLimit());
        String maintenance = r.preferredMaintenanceWindow().map(SettingFormats::maintenanceWindow)
                .orElse(current.maintenance().preferredWindow());
        String window = r.snapshotWindow().map(SettingFormats::snapshotWindow).orElse(current.snapshots().window());
        if (r.preferredMaintenanceWindow().isPresent() || r.snapshotWindow().isPresent()) {
            checkWindows(window, maintenance);
        }
        String snapshotting = snapshottingCluster(current, r, group, retention);
        CacheSettings.Notification notification = notification(current.notification(), r);
        String ipDiscovery = r.ipDiscovery().map(t -> SettingFormats.oneOf("IpDiscovery", t, IP_DISCOVERY))
                .orElse(current.network().ipDiscovery());
        checkDiscovery(current.network().networkType(), ipDiscovery);
        List<String> securityGroups = r.securityGroupIds().map(SettingFormats::securityGroupIds)
                .orElse(current.network().securityGroupIds());
        List<CacheSettings.LogDelivery> logs = r.logDeliveryConfigurations()
                .map(asked -> LogDeliveries.forModify(current.logDeliveries(), asked)).orElse(current.logDeliveries());
        List<CacheSettings.LogDelivery> pendingLogs = logs.equals(current.logDeliveries()) ? null : logs;
        CacheSettings.Pending pending = pendingType == null && pendingLogs == null ? null
                : new CacheSettings.Pending(pendingType, pendingLogs, dueAtMillis);
        CacheSettings after = new CacheSettings(nodeType, new CacheSettings.Snapshots(retention, window, snapshotting),
                new CacheSettings.Maintenance(maintenance, r.autoMinorVersionUpgrade()
                        .orElse(current.maintenance().autoMinorVersionUpgrade())),
                notification, current.encryption(),
                new CacheSettings.Network(current.network().networkType(), ipDiscovery, securityGroups,
                        current.network().subnetIds()),
                current.placement(), current.dataTiering(), current.logDeliveries(), current.usageLimits(), pending);
        return after.equals(current) ? Optional.empty() : Optional.of(after);
    }

    /**
     * The node that takes snapshots: the one set (while it is a member), else, while retention is on,
     * one the rules pick (the set node may have been removed since).
     */
    public static String snapshottingClusterId(CacheSettings s, ReplicationGroup group) {
        String pinned = s.snapshots().snapshottingClusterId();
        if (pinned != null && group.nodes().stream().anyMatch(n -> n.cacheClusterId().equals(pinned))) {
            return pinned;
        }
        if (s.snapshots().retentionLimit() <= 0 || group.nodes().isEmpty()) {
            return null;
        }
        List<CacheNode> replicas = group.replicas();
        return replicas.isEmpty() ? group.primary().cacheClusterId() : replicas.get(0).cacheClusterId();
    }

    private static String snapshottingCluster(CacheSettings current, SettingsRequest r, ReplicationGroup group,
                                              int retention) {
        if (r.snapshottingClusterId().isPresent()) {
            String id = r.snapshottingClusterId().get();
            if (group.nodes().stream().noneMatch(n -> n.cacheClusterId().equals(id))) {
                throw new ElastiCacheFault(Fault.CACHE_CLUSTER_NOT_FOUND, "Cache cluster " + id + " is not a member of "
                        + "replication group " + group.replicationGroupId() + ".");
            }
            return id;
        }
        if (retention <= 0) {
            return null;
        }
        String pinned = current.snapshots().snapshottingClusterId();
        return pinned != null ? pinned : snapshottingClusterId(withSnapshots(current,
                new CacheSettings.Snapshots(retention, current.snapshots().window(), null)), group);
    }

    private static CacheSettings.Notification notification(CacheSettings.Notification current, SettingsRequest r) {
        String topic = r.notificationTopicArn().map(SettingFormats::notificationTopicArn).orElse(current.topicArn());
        String status = r.notificationTopicStatus().map(s -> SettingFormats.oneOf("NotificationTopicStatus", s,
                TOPIC_STATUSES)).orElse(r.notificationTopicArn().isPresent() ? "active" : current.topicStatus());
        if (topic == null && status != null) {
            throw ElastiCacheFault.invalidCombination("NotificationTopicStatus needs a NotificationTopicArn.");
        }
        return new CacheSettings.Notification(topic, status);
    }

    /** Things a request can name that never exist here: AWS's not-found fault for each. */
    private static void refuseReferences(SettingsRequest r) {
        r.globalReplicationGroupId().ifPresent(id -> {
            throw new ElastiCacheFault(Fault.GLOBAL_REPLICATION_GROUP_NOT_FOUND, "Global replication group " + id
                    + " not found.");
        });
        r.primaryClusterId().ifPresent(id -> {
            throw new ElastiCacheFault(Fault.CACHE_CLUSTER_NOT_FOUND, "Cache cluster " + id + " not found.");
        });
        r.snapshotName().ifPresent(name -> {
            throw new ElastiCacheFault(Fault.SNAPSHOT_NOT_FOUND, "Snapshot " + name + " not found.");
        });
        r.snapshotArns().filter(arns -> !arns.isEmpty()).ifPresent(arns -> {
            throw new ElastiCacheFault(Fault.SNAPSHOT_NOT_FOUND, "Snapshot " + arns.get(0) + " not found.");
        });
        r.serverlessCacheSnapshotName().ifPresent(name -> {
            throw new ElastiCacheFault(Fault.SERVERLESS_CACHE_SNAPSHOT_NOT_FOUND, "Serverless cache snapshot " + name
                    + " not found.");
        });
        r.cacheSecurityGroupNames().filter(names -> !names.isEmpty()).ifPresent(names -> {
            throw new ElastiCacheFault(Fault.CACHE_SECURITY_GROUP_NOT_FOUND, "CacheSecurityGroup " + names.get(0)
                    + " not found.");
        });
    }

    private static void checkTiering(String nodeType, boolean tiering) {
        if (NodeTypes.dataTiering(nodeType) && !tiering) {
            throw ElastiCacheFault.invalidCombination("When using the " + nodeType + " node type, you must enable data "
                    + "tiering.");
        }
        if (tiering && !NodeTypes.dataTiering(nodeType)) {
            throw ElastiCacheFault.invalidCombination("Data tiering is supported only for the r6gd node types, not "
                    + nodeType + ".");
        }
    }

    private static void checkWindows(String snapshotWindow, String maintenanceWindow) {
        if (SettingFormats.overlap(snapshotWindow, maintenanceWindow)) {
            throw ElastiCacheFault.invalidCombination("The SnapshotWindow " + snapshotWindow + " and the "
                    + "PreferredMaintenanceWindow " + maintenanceWindow + " must not overlap.");
        }
    }

    private static void checkDiscovery(String networkType, String ipDiscovery) {
        if (networkType.equals("ipv4") && ipDiscovery.equals("ipv6")) {
            throw ElastiCacheFault.invalidCombination("IpDiscovery ipv6 needs NetworkType ipv6 or dual_stack.");
        }
        if (networkType.equals("ipv6") && ipDiscovery.equals("ipv4")) {
            throw ElastiCacheFault.invalidCombination("IpDiscovery ipv4 cannot be used with NetworkType ipv6.");
        }
    }

    /** Each zone checked as one of the region's ({@code us-east-1a}). */
    public static List<String> availabilityZones(List<String> azs, String region) {
        List<String> out = new ArrayList<>();
        for (String az : azs) {
            if (!AZ.matcher(az).matches() || !az.startsWith(region) || az.length() != region.length() + 1) {
                throw ElastiCacheFault.invalidValue("Invalid PreferredCacheClusterAZs: '" + az + "' is not an "
                        + "availability zone of " + region + ".");
            }
            out.add(az);
        }
        return out;
    }

    static CacheSettings withSnapshots(CacheSettings s, CacheSettings.Snapshots snapshots) {
        return new CacheSettings(s.cacheNodeType(), snapshots, s.maintenance(), s.notification(), s.encryption(),
                s.network(), s.placement(), s.dataTiering(), s.logDeliveries(), s.usageLimits(), s.pending());
    }
}
