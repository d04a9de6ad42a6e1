package dev.cachewarden.service.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.domain.AutomaticFailoverStatus;
import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.CacheSettings;
import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.protocol.ErrorCode;
import dev.cachewarden.protocol.WireFaults;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Every refusal of SettingsRules with AWS's code and HTTP status, and what each accepted value becomes. */
class SettingsRulesTest {
    static final String REGION = "us-east-1";

    /** A request setting nothing but what {@code edit} fills in, by position-free builder over the record. */
    static SettingsRequest request(UnaryOperator<Builder> edit) {
        return edit.apply(new Builder()).build();
    }

    static void refused(Runnable call, String code, int status, String messagePart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ElastiCacheFault.class, e -> {
            ErrorCode wire = WireFaults.code(e.fault());
            assertThat(wire.code()).isEqualTo(code);
            assertThat(wire.httpStatus()).isEqualTo(status);
            assertThat(e.getMessage()).contains(messagePart);
        });
    }

    static void refusedOnCreate(UnaryOperator<Builder> edit, String code, int status, String messagePart) {
        refused(() -> SettingsRules.forCreate(request(edit), REGION), code, status, messagePart);
    }

    static ReplicationGroup group(int nodes) {
        List<CacheNode> list = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
            list.add(new CacheNode("rg-00" + i, CacheNode.LOOPBACK, 40000 + i, i == 1));
        }
        return new ReplicationGroup("rg", "d", Engine.REDIS, "7.0", CacheStatus.AVAILABLE, false, null, List.of(), null,
                list, 0, false, 0, AutomaticFailoverStatus.DISABLED, false, 0, 0, false, null);
    }

    @Test
    void nothingSetAnswersTheDefaults() {
        CacheSettings s = SettingsRules.forCreate(SettingsRequest.none(), REGION);
        assertThat(s).isEqualTo(SettingsRules.defaults());
        assertThat(s.cacheNodeType()).isEqualTo("cache.t4g.micro");
        assertThat(s.maintenance().preferredWindow()).isEqualTo("sun:05:00-sun:06:00");
        assertThat(SettingFormats.overlap(SettingsRules.DEFAULT_SNAPSHOT_WINDOW,
                SettingsRules.DEFAULT_MAINTENANCE_WINDOW)).isFalse();
    }

    @Test
    void referencesToWhatNeverExistsGetTheirNotFoundFaults() {
        refusedOnCreate(b -> b.globalReplicationGroupId("ldgnf-global"), "GlobalReplicationGroupNotFoundFault", 404,
                "ldgnf-global");
        refusedOnCreate(b -> b.primaryClusterId("seed-001"), "CacheClusterNotFound", 404, "seed-001");
        refusedOnCreate(b -> b.snapshotName("nightly"), "SnapshotNotFoundFault", 404, "nightly");
        refusedOnCreate(b -> b.snapshotArns(List.of("arn:aws:s3:::bucket/dump.rdb")), "SnapshotNotFoundFault", 404,
                "dump.rdb");
        refusedOnCreate(b -> b.serverlessCacheSnapshotName("snap"), "ServerlessCacheSnapshotNotFoundFault", 404, "snap");
        refusedOnCreate(b -> b.cacheSecurityGroupNames(List.of("default")), "CacheSecurityGroupNotFound", 404,
                "default");
    }

    @Test
    void anyPortFrom1024To65535IsAcceptedAndOthersRefused() {
        for (int port : new int[] {1024, 6379, 6390, 65535}) {
            assertThat(SettingsRules.forCreate(request(b -> b.port(port)), REGION)).isEqualTo(SettingsRules.defaults());
        }
        refusedOnCreate(b -> b.port(1023), "InvalidParameterValue", 400, "between 1024 and 65535");
        refusedOnCreate(b -> b.port(0), "InvalidParameterValue", 400, "The port 0 is not valid");
        refusedOnCreate(b -> b.port(65536), "InvalidParameterValue", 400, "65536");
    }

    @Test
    void nodeTypesAreThoseAwsSellsAndDataTieringGoesWithR6gd() {
        refusedOnCreate(b -> b.cacheNodeType("cache.x9.huge"), "InvalidParameterValue", 400, "cache.x9.huge");
        refusedOnCreate(b -> b.cacheNodeType("cache.r6gd.xlarge"), "InvalidParameterCombination", 400,
                "When using the cache.r6gd.xlarge node type, you must enable data tiering.");
        refusedOnCreate(b -> b.dataTieringEnabled(true), "InvalidParameterCombination", 400, "r6gd");
        CacheSettings tiered = SettingsRules.forCreate(request(b -> b.cacheNodeType("cache.r6gd.xlarge")
                .dataTieringEnabled(true)), REGION);
        assertThat(tiered.dataTiering()).isTrue();
        assertThat(tiered.cacheNodeType()).isEqualTo("cache.r6gd.xlarge");
    }

    @Test
    void windowsHaveTheirFormatsAnHourAtLeastAndDoNotOverlap() {
        refusedOnCreate(b -> b.preferredMaintenanceWindow("sun:05:00-sun:05:30"), "InvalidParameterValue", 400,
                "at least 60 minutes");
        refusedOnCreate(b -> b.preferredMaintenanceWindow("sunday 5am"), "InvalidParameterValue", 400,
                "ddd:hh24:mi-ddd:hh24:mi");
        refusedOnCreate(b -> b.snapshotWindow("05:00-05:59"), "InvalidParameterValue", 400, "SnapshotWindow");
        refusedOnCreate(b -> b.snapshotWindow("25:00-26:00"), "InvalidParameterValue", 400, "hh24:mi-hh24:mi");
        refusedOnCreate(b -> b.preferredMaintenanceWindow("mon:04:30-mon:05:30").snapshotWindow("05:00-06:00"),
                "InvalidParameterCombination", 400, "must not overlap");
        // Across midnight and across the week's end.
        refusedOnCreate(b -> b.preferredMaintenanceWindow("sat:23:30-sun:00:30").snapshotWindow("23:00-00:00"),
                "InvalidParameterCombination", 400, "must not overlap");
        CacheSettings s = SettingsRules.forCreate(request(b -> b.preferredMaintenanceWindow("SAT:23:30-sun:00:30")
                .snapshotWindow("01:00-02:00")), REGION);
        assertThat(s.maintenance().preferredWindow()).isEqualTo("sat:23:30-sun:00:30");
        assertThat(s.snapshots().window()).isEqualTo("01:00-02:00");
    }

    @Test
    void snapshotRetentionIsZeroToThirtyFiveDaysAndPinsAReplica() {
        refusedOnCreate(b -> b.snapshotRetentionLimit(36), "InvalidParameterValue", 400, "between 0 and 35");
        refusedOnCreate(b -> b.snapshotRetentionLimit(-1), "InvalidParameterValue", 400, "between 0 and 35");
        CacheSettings s = SettingsRules.forCreate(request(b -> b.snapshotRetentionLimit(1)), REGION);
        assertThat(SettingsRules.place(s, List.of("rg-001", "rg-002")).snapshots().snapshottingClusterId())
                .isEqualTo("rg-002");
        assertThat(SettingsRules.place(s, List.of("rg-001")).snapshots().snapshottingClusterId()).isEqualTo("rg-001");
        assertThat(SettingsRules.place(SettingsRules.defaults(), List.of("rg-001")).snapshots().snapshottingClusterId())
                .isNull();
    }

    @Test
    void notificationsEncryptionAndNetworkAreChecked() {
        refusedOnCreate(b -> b.notificationTopicArn("my-topic"), "InvalidParameterValue", 400, "SNS");
        refusedOnCreate(b -> b.kmsKeyId("alias/k"), "InvalidParameterCombination", 400, "AtRestEncryptionEnabled");
        refusedOnCreate(b -> b.atRestEncryptionEnabled(true).kmsKeyId("not a key"), "InvalidParameterValue", 400,
                "KmsKeyId");
        refusedOnCreate(b -> b.networkType("ipv5"), "InvalidParameterValue", 400, "NetworkType");
        refusedOnCreate(b -> b.ipDiscovery("ipv6"), "InvalidParameterCombination", 400, "IpDiscovery");
        refusedOnCreate(b -> b.securityGroupIds(List.of("default")), "InvalidParameterValue", 400, "security group");
        CacheSettings v6 = SettingsRules.forCreate(request(b -> b.networkType("ipv6")), REGION);
        assertThat(v6.network().ipDiscovery()).isEqualTo("ipv6");
    }

    @Test
    void availabilityZonesAreTheRegionsAndOneANode() {
        refusedOnCreate(b -> b.preferredCacheClusterAzs(List.of("eu-west-1a")), "InvalidParameterValue", 400,
                "eu-west-1a");
        CacheSettings s = SettingsRules.forCreate(request(b -> b.preferredCacheClusterAzs(List.of("us-east-1b",
                "us-east-1c"))), REGION);
        refused(() -> SettingsRules.place(s, List.of("rg-001")), "InvalidParameterCombination", 400,
                "PreferredCacheClusterAZs");
        CacheSettings placed = SettingsRules.place(s, List.of("rg-001", "rg-002"));
        assertThat(placed.placement().availabilityZone("rg-002")).isEqualTo("us-east-1c");
        assertThat(placed.placement().availabilityZone("rg-003")).isNull();
    }

    @Test
    void logDeliveryNeedsADestinationOfItsTypeAndOneALogType() {
        SettingsRequest.LogDeliveryRequest slow = log("slow-log", "cloudwatch-logs", "/g", null, "json", null);
        refusedOnCreate(b -> b.logs(List.of(slow, slow)), "InvalidParameterCombination", 400, "only one");
        refusedOnCreate(b -> b.logs(List.of(log("slow-log", "kinesis-firehose", "/g", null, "json", null))),
                "InvalidParameterValue", 400, "DeliveryStream");
        refusedOnCreate(b -> b.logs(List.of(log("audit-log", "cloudwatch-logs", "/g", null, "json", null))),
                "InvalidParameterValue", 400, "LogType");
        refusedOnCreate(b -> b.logs(List.of(log("slow-log", "cloudwatch-logs", "/g", null, "xml", null))),
                "InvalidParameterValue", 400, "LogFormat");
        CacheSettings s = SettingsRules.forCreate(request(b -> b.logs(List.of(slow))), REGION);
        assertThat(s.logDeliveries()).containsExactly(new CacheSettings.LogDelivery("slow-log", "cloudwatch-logs",
                "/g", "json"));
    }

    @Test
    void modifyChangesAtOnceOrPendsNodeTypeAndLogsAndSaysWhenNothingChanges() {
        ReplicationGroup g = group(2);
        CacheSettings current = SettingsRules.place(SettingsRules.defaults(), List.of("rg-001", "rg-002"));
        assertThat(SettingsRules.forModify(current, request(b -> b.cacheNodeType("cache.t4g.micro")), g, 0, 10))
                .isEmpty();
        CacheSettings after = SettingsRules.forModify(current, request(b -> b.cacheNodeType("cache.m7g.large")
                .snapshotRetentionLimit(2).logs(List.of(log("engine-log", "kinesis-firehose", null, "s", "text",
                        null)))), g, 0, 10).orElseThrow();
        assertThat(after.cacheNodeType()).isEqualTo("cache.t4g.micro");
        assertThat(after.pending().cacheNodeType()).isEqualTo("cache.m7g.large");
        assertThat(after.snapshots().retentionLimit()).isEqualTo(2);
        assertThat(after.snapshots().snapshottingClusterId()).isEqualTo("rg-002");
        assertThat(after.at(9).cacheNodeType()).isEqualTo("cache.t4g.micro");
        assertThat(after.at(10).cacheNodeType()).isEqualTo("cache.m7g.large");
        assertThat(after.at(10).logDeliveries()).hasSize(1);
        assertThat(after.at(10).pending()).isNull();
        refused(() -> SettingsRules.forModify(current, request(b -> b.snapshottingClusterId("rg-009")), g, 0, 0),
                "CacheClusterNotFound", 404, "rg-009");
        refused(() -> SettingsRules.forModify(current, request(b -> b.cacheNodeType("cache.r6gd.xlarge")), g, 0, 0),
                "InvalidParameterCombination", 400, "data tiering");
        refused(() -> SettingsRules.forModify(current, request(b -> b.notificationTopicStatus("active")), g, 0, 0),
                "InvalidParameterCombination", 400, "NotificationTopicArn");
        refused(() -> SettingsRules.forModify(current, request(b -> b.notificationTopicArn("arn:aws:sns:us-east-1:"
                + "123456789012:t").notificationTopicStatus("paused")), g, 0, 0), "InvalidParameterValue", 400,
                "NotificationTopicStatus");
        // A node named while retention is off is kept and answered; turning retention off clears the choice.
        CacheSettings named = SettingsRules.forModify(current, request(b -> b.snapshottingClusterId("rg-001")), g, 0, 0)
                .orElseThrow();
        assertThat(SettingsRules.snapshottingClusterId(named, g)).isEqualTo("rg-001");
        assertThat(SettingsRules.forModify(after.at(10), request(b -> b.snapshotRetentionLimit(0)), g, 0, 0)
                .orElseThrow().snapshots().snapshottingClusterId()).isNull();
        CacheSettings off = SettingsRules.forModify(after.at(10), request(b -> b.logs(List.of(log("engine-log", null,
                null, null, null, false)))), g, 20, 30).orElseThrow();
        assertThat(off.at(30).logDeliveries()).isEmpty();
    }

    static SettingsRequest.LogDeliveryRequest log(String type, String destinationType, String logGroup, String stream,
                                                  String format, Boolean enabled) {
        return new SettingsRequest.LogDeliveryRequest(Optional.ofNullable(type), Optional.ofNullable(destinationType),
                Optional.ofNullable(logGroup), Optional.ofNullable(stream), Optional.ofNullable(format),
                Optional.ofNullable(enabled));
    }

    /** Fills a SettingsRequest by name, so a test says only what it sets. */
    static final class Builder {
        Optional<String> cacheNodeType = Optional.empty();
        Optional<Integer> retention = Optional.empty();
        Optional<String> snapshotWindow = Optional.empty();
        Optional<String> snapshottingClusterId = Optional.empty();
        Optional<String> maintenance = Optional.empty();
        Optional<String> topic = Optional.empty();
        Optional<String> topicStatus = Optional.empty();
        Optional<Boolean> atRest = Optional.empty();
        Optional<String> kms = Optional.empty();
        Optional<String> networkType = Optional.empty();
        Optional<String> ipDiscovery = Optional.empty();
        Optional<List<String>> securityGroupIds = Optional.empty();
        Optional<List<String>> cacheSecurityGroupNames = Optional.empty();
        Optional<List<String>> azs = Optional.empty();
        Optional<Boolean> tiering = Optional.empty();
        Optional<List<SettingsRequest.LogDeliveryRequest>> logs = Optional.empty();
        Optional<Integer> port = Optional.empty();
        Optional<String> global = Optional.empty();
        Optional<String> primaryClusterId = Optional.empty();
        Optional<List<String>> snapshotArns = Optional.empty();
        Optional<String> snapshotName = Optional.empty();
        Optional<String> serverlessSnapshot = Optional.empty();

        Builder cacheNodeType(String v) { cacheNodeType = Optional.of(v); return this; }
        Builder snapshotRetentionLimit(int v) { retention = Optional.of(v); return this; }
        Builder snapshotWindow(String v) { snapshotWindow = Optional.of(v); return this; }
        Builder snapshottingClusterId(String v) { snapshottingClusterId = Optional.of(v); return this; }
        Builder preferredMaintenanceWindow(String v) { maintenance = Optional.of(v); return this; }
        Builder notificationTopicArn(String v) { topic = Optional.of(v); return this; }
        Builder notificationTopicStatus(String v) { topicStatus = Optional.of(v); return this; }
        Builder atRestEncryptionEnabled(boolean v) { atRest = Optional.of(v); return this; }
        Builder kmsKeyId(String v) { kms = Optional.of(v); return this; }
        Builder networkType(String v) { networkType = Optional.of(v); return this; }
        Builder ipDiscovery(String v) { ipDiscovery = Optional.of(v); return this; }
        Builder securityGroupIds(List<String> v) { securityGroupIds = Optional.of(v); return this; }
        Builder cacheSecurityGroupNames(List<String> v) { cacheSecurityGroupNames = Optional.of(v); return this; }
        Builder preferredCacheClusterAzs(List<String> v) { azs = Optional.of(v); return this; }
        Builder dataTieringEnabled(boolean v) { tiering = Optional.of(v); return this; }
        Builder logs(List<SettingsRequest.LogDeliveryRequest> v) { logs = Optional.of(v); return this; }
        Builder port(int v) { port = Optional.of(v); return this; }
        Builder globalReplicationGroupId(String v) { global = Optional.of(v); return this; }
        Builder primaryClusterId(String v) { primaryClusterId = Optional.of(v); return this; }
        Builder snapshotArns(List<String> v) { snapshotArns = Optional.of(v); return this; }
        Builder snapshotName(String v) { snapshotName = Optional.of(v); return this; }
        Builder serverlessCacheSnapshotName(String v) { serverlessSnapshot = Optional.of(v); return this; }

        SettingsRequest build() {
            return new SettingsRequest(cacheNodeType, retention, snapshotWindow, snapshottingClusterId, maintenance,
                    Optional.empty(), topic, topicStatus, atRest, kms, networkType, ipDiscovery, securityGroupIds,
                    cacheSecurityGroupNames, azs, tiering, logs, port, global, primaryClusterId, snapshotArns,
                    snapshotName, serverlessSnapshot);
        }
    }
}
