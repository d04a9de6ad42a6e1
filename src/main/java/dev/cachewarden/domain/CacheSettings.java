package dev.cachewarden.domain;

import java.util.List;

/**
 * What CreateReplicationGroup / ModifyReplicationGroup and CreateServerlessCache / ModifyServerlessCache
 * set on a cache besides its nodes and users, kept so Describe answers each exactly as set. Nodes run
 * on this machine, so most of these change nothing on them; they are stored and echoed, and the rules
 * (service.SettingsRules) refuse what AWS refuses.
 *
 * @param cacheNodeType CacheNodeType (replication groups; null for serverless caches)
 * @param pending a CacheNodeType or LogDeliveryConfigurations change accepted and not yet in effect
 */
public record CacheSettings(
        String cacheNodeType,
        Snapshots snapshots,
        Maintenance maintenance,
        Notification notification,
        Encryption encryption,
        Network network,
        Placement placement,
        boolean dataTiering,
        List<LogDelivery> logDeliveries,
        UsageLimits usageLimits,
        Pending pending) {

    public CacheSettings {
        logDeliveries = logDeliveries == null ? List.of() : List.copyOf(logDeliveries);
    }

    /**
     * @param retentionLimit SnapshotRetentionLimit, days
     * @param window SnapshotWindow ({@code hh24:mi-hh24:mi}), or a serverless cache's DailySnapshotTime ({@code hh24:mi})
     * @param snapshottingClusterId the node named by ModifyReplicationGroup's SnapshottingClusterId; null
     *     lets the rules pick one while retention is on
     */
    public record Snapshots(int retentionLimit, String window, String snapshottingClusterId) {}

    /** PreferredMaintenanceWindow ({@code ddd:hh24:mi-ddd:hh24:mi}) and AutoMinorVersionUpgrade. */
    public record Maintenance(String preferredWindow, boolean autoMinorVersionUpgrade) {}

    /** NotificationTopicArn and its status ({@code active} or {@code inactive}); topicArn null when none. */
    public record Notification(String topicArn, String topicStatus) {}

    /** AtRestEncryptionEnabled and KmsKeyId (null for the AWS-owned key). */
    public record Encryption(boolean atRest, String kmsKeyId) {}

    /** NetworkType, IpDiscovery, SecurityGroupIds and (serverless) SubnetIds. */
    public record Network(String networkType, String ipDiscovery, List<String> securityGroupIds,
                          List<String> subnetIds) {
        public Network {
            securityGroupIds = List.copyOf(securityGroupIds);
            subnetIds = List.copyOf(subnetIds);
        }
    }

    /**
     * PreferredCacheClusterAZs as asked, in node order, and the nodes they were given to (cache cluster
     * ids, same order) once the nodes are named.
     */
    public record Placement(List<String> availabilityZones, List<String> nodeIds) {
        public static final Placement NONE = new Placement(List.of(), List.of());

        public Placement {
            availabilityZones = List.copyOf(availabilityZones);
            nodeIds = List.copyOf(nodeIds);
        }

        /** The same placement with these nodes in these zones; a node asked nothing for answers {@code fallback}. */
        public Placement withZones(java.util.Map<String, String> zones, String fallback) {
            List<String> ids = new java.util.ArrayList<>(nodeIds);
            zones.keySet().stream().filter(id -> !ids.contains(id)).forEach(ids::add);
            List<String> azs = new java.util.ArrayList<>();
            for (String id : ids) {
                String zone = zones.containsKey(id) ? zones.get(id) : availabilityZone(id);
                azs.add(zone != null ? zone : fallback);
            }
            return new Placement(azs, ids);
        }

        /** The AZ asked for a node, or null when none was. */
        public String availabilityZone(String cacheClusterId) {
            int i = nodeIds.indexOf(cacheClusterId);
            return i >= 0 && i < availabilityZones.size() ? availabilityZones.get(i) : null;
        }
    }

    /**
     * One LogDeliveryConfiguration.
     *
     * @param logType slow-log or engine-log
     * @param destinationType cloudwatch-logs or kinesis-firehose
     * @param destination the LogGroup (cloudwatch-logs) or DeliveryStream (kinesis-firehose)
     * @param logFormat text or json
     */
    public record LogDelivery(String logType, String destinationType, String destination, String logFormat) {}

    /** A serverless cache's CacheUsageLimits; each bound null when not set. DataStorage is in GB. */
    public record UsageLimits(Integer dataStorageMinimum, Integer dataStorageMaximum, Integer ecpuMinimum,
                              Integer ecpuMaximum) {
        public static final UsageLimits NONE = new UsageLimits(null, null, null, null);

        public boolean unset() {
            return equals(NONE);
        }
    }

    /** Changes that take effect at {@code dueAtMillis}: until then Describe shows them as PendingModifiedValues. */
    public record Pending(String cacheNodeType, List<LogDelivery> logDeliveries, long dueAtMillis) {
        public Pending {
            logDeliveries = logDeliveries == null ? null : List.copyOf(logDeliveries);
        }
    }

    /** The settings as they stand at {@code nowMillis}: a pending change whose time has come is in effect. */
    public CacheSettings at(long nowMillis) {
        if (pending == null || nowMillis < pending.dueAtMillis()) {
            return this;
        }
        return new CacheSettings(pending.cacheNodeType() != null ? pending.cacheNodeType() : cacheNodeType, snapshots,
                maintenance, notification, encryption, network, placement, dataTiering,
                pending.logDeliveries() != null ? pending.logDeliveries() : logDeliveries, usageLimits, null);
    }

    /** The same settings with the nodes named that PreferredCacheClusterAZs apply to. */
    public CacheSettings placedOn(List<String> cacheClusterIds) {
        return withPlacement(new Placement(placement.availabilityZones(), cacheClusterIds));
    }

    public CacheSettings withPlacement(Placement p) {
        return new CacheSettings(cacheNodeType, snapshots, maintenance, notification, encryption, network, p,
                dataTiering, logDeliveries, usageLimits, pending);
    }
}
