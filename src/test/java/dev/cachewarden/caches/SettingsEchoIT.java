package dev.cachewarden.caches;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.e2e.Await;
import dev.cachewarden.junit.Cachewarden;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.CacheCluster;
import software.amazon.awssdk.services.elasticache.model.LogDeliveryConfiguration;
import software.amazon.awssdk.services.elasticache.model.LogDeliveryConfigurationRequest;
import software.amazon.awssdk.services.elasticache.model.NodeGroupMember;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;
import software.amazon.awssdk.services.elasticache.model.ServerlessCache;

/**
 * What you set is what you read back (#14 item 2), through the real AWS SDK on real nodes: every
 * setting CreateReplicationGroup / ModifyReplicationGroup and CreateServerlessCache /
 * ModifyServerlessCache take is answered by Describe exactly as set (the store round trip on H2 and
 * PostgreSQL is CacheSettingsRepositoryContract's).
 */
class SettingsEchoIT {
    static final Duration READY = Duration.ofSeconds(90);
    static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:cache-events";

    static Cachewarden server;
    static ElastiCacheClient ec;
    /** Created first, so its nodes start while the replication group's test runs. */
    static ServerlessCache serverlessCreated;

    @BeforeAll
    static void start() {
        server = Cachewarden.builder().transitionDelay(Duration.ofMillis(300)).start();
        ec = server.client();
        serverlessCreated = ec.createServerlessCache(r -> r.serverlessCacheName("echoless").engine("redis")
                .description("serverless echo").kmsKeyId("1234abcd-12ab-34cd-56ef-1234567890ab")
                .securityGroupIds("sg-0123abcd").subnetIds("subnet-0123abcd", "subnet-89abcdef")
                .snapshotRetentionLimit(2).dailySnapshotTime("04:30")
                .cacheUsageLimits(u -> u.dataStorage(d -> d.maximum(10).minimum(1).unit("GB"))
                        .ecpuPerSecond(e -> e.maximum(5000).minimum(1000)))).serverlessCache();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static LogDeliveryConfigurationRequest slowLogToCloudWatch() {
        return LogDeliveryConfigurationRequest.builder().logType("slow-log").destinationType("cloudwatch-logs")
                .destinationDetails(d -> d.cloudWatchLogsDetails(c -> c.logGroup("/cache/slow"))).logFormat("json")
                .build();
    }

    static Map<String, CacheCluster> clusters(String groupId) {
        return ec.describeCacheClusters(r -> r.showCacheNodeInfo(true)).cacheClusters().stream()
                .filter(c -> groupId.equals(c.replicationGroupId()))
                .collect(Collectors.toMap(CacheCluster::cacheClusterId, Function.identity()));
    }

    @Test
    void everyReplicationGroupSettingIsAnsweredAsSetOnCreateAndOnModify() {
        ReplicationGroup created = ec.createReplicationGroup(r -> r.replicationGroupId("echo")
                .replicationGroupDescription("settings echo").engine("redis").numCacheClusters(2)
                .automaticFailoverEnabled(true).multiAZEnabled(true)
                .cacheNodeType("cache.r6g.large").snapshotRetentionLimit(3).snapshotWindow("02:00-03:00")
                .preferredMaintenanceWindow("Tue:04:00-tue:05:30").notificationTopicArn(TOPIC)
                .autoMinorVersionUpgrade(false).atRestEncryptionEnabled(true).kmsKeyId("alias/cache-key")
                .networkType("ipv4").ipDiscovery("ipv4").securityGroupIds("sg-0123abcd", "sg-0123456789abcdef0")
                .preferredCacheClusterAZs("us-east-1b", "us-east-1c").port(6379)
                .logDeliveryConfigurations(slowLogToCloudWatch())).replicationGroup();
        assertGroupAsCreated(created);
        assertGroupAsCreated(Await.replicationGroup(ec, "echo", "available", READY));
        assertThat(Await.replicationGroup(ec, "echo", "available", READY).automaticFailoverAsString())
                .isEqualTo("enabled");
        Map<String, CacheCluster> clusters = clusters("echo");
        assertThat(clusters).containsOnlyKeys("echo-001", "echo-002");
        for (CacheCluster c : clusters.values()) {
            assertThat(c.cacheNodeType()).isEqualTo("cache.r6g.large");
            assertThat(c.preferredMaintenanceWindow()).isEqualTo("tue:04:00-tue:05:30");
            assertThat(c.snapshotWindow()).isEqualTo("02:00-03:00");
            assertThat(c.autoMinorVersionUpgrade()).isFalse();
            assertThat(c.atRestEncryptionEnabled()).isTrue();
            assertThat(c.notificationConfiguration().topicArn()).isEqualTo(TOPIC);
            assertThat(c.notificationConfiguration().topicStatus()).isEqualTo("active");
            assertThat(c.securityGroups()).extracting(s -> s.securityGroupId() + "/" + s.status())
                    .containsExactly("sg-0123abcd/active", "sg-0123456789abcdef0/active");
            assertThat(c.replicationGroupLogDeliveryEnabled()).isTrue();
        }
        assertThat(clusters.get("echo-001").preferredAvailabilityZone()).isEqualTo("us-east-1b");
        assertThat(clusters.get("echo-002").preferredAvailabilityZone()).isEqualTo("us-east-1c");
        assertThat(clusters.get("echo-001").cacheNodes().get(0).customerAvailabilityZone()).isEqualTo("us-east-1b");
        // The snapshotting node (a replica) answers the retention limit; the other member 0, as on AWS.
        assertThat(clusters.get("echo-002").snapshotRetentionLimit()).isEqualTo(3);
        assertThat(clusters.get("echo-001").snapshotRetentionLimit()).isZero();

        ec.modifyReplicationGroup(r -> r.replicationGroupId("echo").applyImmediately(true)
                .cacheNodeType("cache.r6g.xlarge").snapshotRetentionLimit(7).snapshotWindow("06:00-07:00")
                .snapshottingClusterId("echo-001").preferredMaintenanceWindow("wed:08:00-wed:09:00")
                .notificationTopicStatus("inactive").autoMinorVersionUpgrade(true).securityGroupIds("sg-0badcafe")
                .logDeliveryConfigurations(LogDeliveryConfigurationRequest.builder().logType("slow-log").enabled(false)
                        .build(), LogDeliveryConfigurationRequest.builder().logType("engine-log")
                        .destinationType("kinesis-firehose").destinationDetails(d -> d.kinesisFirehoseDetails(
                                k -> k.deliveryStream("engine-stream"))).logFormat("text").build()));
        ReplicationGroup modified = Await.replicationGroup(ec, "echo", "available", READY);
        modified = Await.until(READY, () -> ec.describeReplicationGroups(r -> r.replicationGroupId("echo"))
                .replicationGroups().get(0), g -> g.cacheNodeType().equals("cache.r6g.xlarge"));
        assertThat(modified.snapshotRetentionLimit()).isEqualTo(7);
        assertThat(modified.snapshotWindow()).isEqualTo("06:00-07:00");
        assertThat(modified.snapshottingClusterId()).isEqualTo("echo-001");
        assertThat(modified.logDeliveryConfigurations()).singleElement().satisfies(l -> {
            assertThat(l.logTypeAsString()).isEqualTo("engine-log");
            assertThat(l.destinationTypeAsString()).isEqualTo("kinesis-firehose");
            assertThat(l.destinationDetails().kinesisFirehoseDetails().deliveryStream()).isEqualTo("engine-stream");
            assertThat(l.logFormatAsString()).isEqualTo("text");
            assertThat(l.statusAsString()).isEqualTo("active");
        });
        assertThat(modified.pendingModifiedValues().logDeliveryConfigurations()).isEmpty();
        assertThat(modified.autoMinorVersionUpgrade()).isTrue();
        assertThat(modified.kmsKeyId()).isEqualTo("alias/cache-key");
        clusters = clusters("echo");
        assertThat(clusters.get("echo-001").preferredMaintenanceWindow()).isEqualTo("wed:08:00-wed:09:00");
        assertThat(clusters.get("echo-001").notificationConfiguration().topicStatus()).isEqualTo("inactive");
        assertThat(clusters.get("echo-001").securityGroups()).extracting(s -> s.securityGroupId())
                .containsExactly("sg-0badcafe");
        assertThat(clusters.get("echo-001").snapshotRetentionLimit()).isEqualTo(7);
        assertThat(clusters.get("echo-002").snapshotRetentionLimit()).isZero();
        assertThat(clusters.get("echo-002").cacheNodeType()).isEqualTo("cache.r6g.xlarge");
        assertThat(clusters.get("echo-002").preferredAvailabilityZone()).isEqualTo("us-east-1c");
    }

    private static void assertGroupAsCreated(ReplicationGroup g) {
        assertThat(g.cacheNodeType()).isEqualTo("cache.r6g.large");
        assertThat(g.snapshotRetentionLimit()).isEqualTo(3);
        assertThat(g.snapshotWindow()).isEqualTo("02:00-03:00");
        assertThat(g.snapshottingClusterId()).isEqualTo("echo-002");
        assertThat(g.autoMinorVersionUpgrade()).isFalse();
        assertThat(g.atRestEncryptionEnabled()).isTrue();
        assertThat(g.kmsKeyId()).isEqualTo("alias/cache-key");
        assertThat(g.networkTypeAsString()).isEqualTo("ipv4");
        assertThat(g.ipDiscoveryAsString()).isEqualTo("ipv4");
        assertThat(g.dataTieringAsString()).isEqualTo("disabled");
        assertThat(g.multiAZAsString()).isEqualTo("enabled");
        assertThat(g.automaticFailoverAsString()).isIn("enabling", "enabled");
        List<LogDeliveryConfiguration> logs = g.logDeliveryConfigurations();
        assertThat(logs).singleElement().satisfies(l -> {
            assertThat(l.logTypeAsString()).isEqualTo("slow-log");
            assertThat(l.destinationTypeAsString()).isEqualTo("cloudwatch-logs");
            assertThat(l.destinationDetails().cloudWatchLogsDetails().logGroup()).isEqualTo("/cache/slow");
            assertThat(l.logFormatAsString()).isEqualTo("json");
            assertThat(l.statusAsString()).isEqualTo("active");
        });
        assertThat(g.nodeGroups().get(0).nodeGroupMembers()).extracting(NodeGroupMember::preferredAvailabilityZone)
                .containsExactly("us-east-1b", "us-east-1c");
        // Port=6379 on every endpoint, each on an address of its own (PortEchoIT connects to them).
        var shard = g.nodeGroups().get(0);
        List<software.amazon.awssdk.services.elasticache.model.Endpoint> endpoints = new java.util.ArrayList<>(
                List.of(shard.primaryEndpoint(), shard.readerEndpoint()));
        shard.nodeGroupMembers().forEach(m -> endpoints.add(m.readEndpoint()));
        assertThat(endpoints).extracting(e -> e.port()).containsOnly(6379);
        assertThat(endpoints).extracting(e -> e.address()).doesNotHaveDuplicates().doesNotContain("127.0.0.1");
    }

    @Test
    void everyServerlessSettingIsAnsweredAsSetOnCreateAndOnModify() {
        for (ServerlessCache c : List.of(serverlessCreated, Await.serverlessCache(ec, "echoless", "available", READY))) {
            assertThat(c.kmsKeyId()).isEqualTo("1234abcd-12ab-34cd-56ef-1234567890ab");
            assertThat(c.securityGroupIds()).containsExactly("sg-0123abcd");
            assertThat(c.subnetIds()).containsExactly("subnet-0123abcd", "subnet-89abcdef");
            assertThat(c.snapshotRetentionLimit()).isEqualTo(2);
            assertThat(c.dailySnapshotTime()).isEqualTo("04:30");
            assertThat(c.cacheUsageLimits().dataStorage().maximum()).isEqualTo(10);
            assertThat(c.cacheUsageLimits().dataStorage().minimum()).isEqualTo(1);
            assertThat(c.cacheUsageLimits().dataStorage().unitAsString()).isEqualTo("GB");
            assertThat(c.cacheUsageLimits().ecpuPerSecond().maximum()).isEqualTo(5000);
            assertThat(c.cacheUsageLimits().ecpuPerSecond().minimum()).isEqualTo(1000);
            assertThat(c.networkTypeAsString()).isEqualTo("ipv4");
        }
        ec.modifyServerlessCache(r -> r.serverlessCacheName("echoless").securityGroupIds("sg-0badcafe")
                .snapshotRetentionLimit(5).dailySnapshotTime("22:15")
                .cacheUsageLimits(u -> u.ecpuPerSecond(e -> e.maximum(20000))));
        ServerlessCache modified = Await.serverlessCache(ec, "echoless", "available", READY);
        assertThat(modified.securityGroupIds()).containsExactly("sg-0badcafe");
        assertThat(modified.snapshotRetentionLimit()).isEqualTo(5);
        assertThat(modified.dailySnapshotTime()).isEqualTo("22:15");
        assertThat(modified.cacheUsageLimits().dataStorage()).isNull();
        assertThat(modified.cacheUsageLimits().ecpuPerSecond().maximum()).isEqualTo(20000);
        assertThat(modified.subnetIds()).containsExactly("subnet-0123abcd", "subnet-89abcdef");
        assertThat(modified.kmsKeyId()).isEqualTo("1234abcd-12ab-34cd-56ef-1234567890ab");
    }
}
