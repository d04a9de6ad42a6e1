package dev.cachewarden.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.junit.CachewardenExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.CacheClusterNotFoundException;
import software.amazon.awssdk.services.elasticache.model.CacheSecurityGroupNotFoundException;
import software.amazon.awssdk.services.elasticache.model.ElastiCacheException;
import software.amazon.awssdk.services.elasticache.model.GlobalReplicationGroupNotFoundException;
import software.amazon.awssdk.services.elasticache.model.InvalidParameterCombinationException;
import software.amazon.awssdk.services.elasticache.model.InvalidParameterValueException;
import software.amazon.awssdk.services.elasticache.model.ServerlessCacheSnapshotNotFoundException;
import software.amazon.awssdk.services.elasticache.model.SnapshotNotFoundException;

/**
 * The settings CreateReplicationGroup and CreateServerlessCache refuse, through the real SDK: each
 * arrives as AWS's modelled exception with its status, and nothing is created (no node starts).
 */
class SettingsRefusalsTest {
    @RegisterExtension
    static CachewardenExtension server = CachewardenExtension.builder().build();
    static ElastiCacheClient ec;

    @BeforeAll
    static void client() {
        ec = server.client();
    }

    static void refused(Runnable call, Class<? extends ElastiCacheException> type, int status, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(type, e -> {
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.awsErrorDetails().errorMessage()).contains(message);
        });
    }

    @Test
    void referencesToWhatDoesNotExistGetNotFoundFaults() {
        refused(() -> ec.createReplicationGroup(r -> r.replicationGroupId("g1").replicationGroupDescription("d")
                .globalReplicationGroupId("ldgnf-none")), GlobalReplicationGroupNotFoundException.class, 404,
                "ldgnf-none");
        refused(() -> ec.createReplicationGroup(r -> r.replicationGroupId("g1").replicationGroupDescription("d")
                .primaryClusterId("seed-001")), CacheClusterNotFoundException.class, 404, "seed-001");
        refused(() -> ec.createReplicationGroup(r -> r.replicationGroupId("g1").replicationGroupDescription("d")
                .snapshotName("nightly")), SnapshotNotFoundException.class, 404, "nightly");
        refused(() -> ec.createReplicationGroup(r -> r.replicationGroupId("g1").replicationGroupDescription("d")
                .snapshotArns("arn:aws:s3:::b/dump.rdb")), SnapshotNotFoundException.class, 404, "dump.rdb");
        refused(() -> ec.createReplicationGroup(r -> r.replicationGroupId("g1").replicationGroupDescription("d")
                .cacheSecurityGroupNames("default")), CacheSecurityGroupNotFoundException.class, 404, "default");
        refused(() -> ec.createServerlessCache(r -> r.serverlessCacheName("s1").engine("redis")
                .snapshotArnsToRestore("arn:aws:elasticache:us-east-1:123456789012:serverlesscachesnapshot:x")),
                ServerlessCacheSnapshotNotFoundException.class, 404, "serverlesscachesnapshot:x");
        assertThat(ec.describeReplicationGroups().replicationGroups()).isEmpty();
        assertThat(ec.describeServerlessCaches(r -> { }).serverlessCaches()).isEmpty();
    }

    @Test
    void valuesAwsRefusesAreRefusedWithItsFault() {
        refused(() -> ec.createReplicationGroup(r -> r.replicationGroupId("g1").replicationGroupDescription("d")
                .port(80)), InvalidParameterValueException.class, 400, "The port 80 is not valid");
        refused(() -> ec.createReplicationGroup(r -> r.replicationGroupId("g1").replicationGroupDescription("d")
                .cacheNodeType("cache.r6gd.xlarge")), InvalidParameterCombinationException.class, 400,
                "you must enable data tiering");
        refused(() -> ec.createReplicationGroup(r -> r.replicationGroupId("g1").replicationGroupDescription("d")
                .cacheNodeType("cache.nope")), InvalidParameterValueException.class, 400, "CacheNodeType");
        refused(() -> ec.createReplicationGroup(r -> r.replicationGroupId("g1").replicationGroupDescription("d")
                .preferredMaintenanceWindow("sun:05:00-sun:05:30")), InvalidParameterValueException.class, 400,
                "PreferredMaintenanceWindow");
        refused(() -> ec.createReplicationGroup(r -> r.replicationGroupId("g1").replicationGroupDescription("d")
                .numCacheClusters(2).preferredCacheClusterAZs("us-east-1a")),
                InvalidParameterCombinationException.class, 400, "PreferredCacheClusterAZs");
        refused(() -> ec.createServerlessCache(r -> r.serverlessCacheName("s1").engine("redis")
                .cacheUsageLimits(u -> u.dataStorage(d -> d.maximum(6000).unit("GB")))),
                InvalidParameterValueException.class, 400, "DataStorage.Maximum");
        assertThat(ec.describeReplicationGroups().replicationGroups()).isEmpty();
        assertThat(ec.describeServerlessCaches(r -> { }).serverlessCaches()).isEmpty();
    }

    static final String OUTPOST = "arn:aws:outposts:us-east-1:123456789012:outpost/op-0123456789abcdef0";

    @Test
    void outpostsAreRefusedWhereverARequestNamesOne() {
        refused(() -> ec.createReplicationGroup(r -> r.replicationGroupId("g1").replicationGroupDescription("d")
                .numNodeGroups(1).nodeGroupConfiguration(c -> c.replicaCount(0).primaryOutpostArn(OUTPOST))),
                InvalidParameterValueException.class, 400, "The outpost " + OUTPOST + " is not available");
        refused(() -> ec.createReplicationGroup(r -> r.replicationGroupId("g1").replicationGroupDescription("d")
                .numNodeGroups(1).nodeGroupConfiguration(c -> c.replicaCount(1).replicaOutpostArns(OUTPOST))),
                InvalidParameterValueException.class, 400, OUTPOST);
        refused(() -> ec.increaseReplicaCount(r -> r.replicationGroupId("g1").applyImmediately(true)
                .replicaConfiguration(c -> c.nodeGroupId("0001").newReplicaCount(2).preferredOutpostArns(OUTPOST))),
                InvalidParameterValueException.class, 400, OUTPOST);
        refused(() -> ec.decreaseReplicaCount(r -> r.replicationGroupId("g1").applyImmediately(true)
                .replicaConfiguration(c -> c.nodeGroupId("0001").newReplicaCount(0).preferredOutpostArns(OUTPOST))),
                InvalidParameterValueException.class, 400, OUTPOST);
        assertThat(ec.describeReplicationGroups().replicationGroups()).isEmpty();
    }
}
