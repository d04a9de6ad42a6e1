package dev.cachewarden.e2e;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.junit.CachewardenExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.InvalidParameterCombinationException;
import software.amazon.awssdk.services.elasticache.model.InvalidParameterValueException;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroupNotFoundException;

/**
 * The refusals of AutomaticFailoverEnabled, MultiAZEnabled, TestFailover and the replica counts that
 * need no node: each is AWS's fault, through the real SDK (no group is created, so no process runs).
 */
class ReplicaValidationTest {
    @RegisterExtension
    static CachewardenExtension server = CachewardenExtension.builder().build();
    static ElastiCacheClient ec;

    @BeforeAll
    static void client() {
        ec = server.client();
    }

    @Test
    void createRefusesFailoverWithoutAReplicaAndMultiAzWithoutFailover() {
        assertThatThrownBy(() -> ec.createReplicationGroup(r -> r.replicationGroupId("one")
                .replicationGroupDescription("d").numCacheClusters(1).automaticFailoverEnabled(true)))
                .isInstanceOf(InvalidParameterCombinationException.class)
                .hasMessageContaining("When using automatic failover, there must be at least 2 cache clusters in the "
                        + "replication group.");
        assertThatThrownBy(() -> ec.createReplicationGroup(r -> r.replicationGroupId("noaf")
                .replicationGroupDescription("d").numCacheClusters(2).multiAZEnabled(true)))
                .isInstanceOf(InvalidParameterCombinationException.class)
                .hasMessageContaining("Multi-AZ");
        assertThatThrownBy(() -> ec.createReplicationGroup(r -> r.replicationGroupId("noreplica")
                .replicationGroupDescription("d").replicasPerNodeGroup(0).automaticFailoverEnabled(true)))
                .isInstanceOf(InvalidParameterCombinationException.class);
    }

    @Test
    void testFailoverAndReplicaCountsOnAGroupThatIsNotThere() {
        assertThatThrownBy(() -> ec.testFailover(r -> r.replicationGroupId("absent").nodeGroupId("0001")))
                .isInstanceOf(ReplicationGroupNotFoundException.class);
        assertThatThrownBy(() -> ec.testFailover(r -> r.replicationGroupId("absent").nodeGroupId("one")))
                .isInstanceOf(InvalidParameterValueException.class);
        assertThatThrownBy(() -> ec.increaseReplicaCount(r -> r.replicationGroupId("absent").newReplicaCount(2)
                .applyImmediately(true))).isInstanceOf(ReplicationGroupNotFoundException.class);
        assertThatThrownBy(() -> ec.decreaseReplicaCount(r -> r.replicationGroupId("absent").newReplicaCount(1)
                .applyImmediately(true))).isInstanceOf(ReplicationGroupNotFoundException.class);
        assertThatThrownBy(() -> ec.increaseReplicaCount(r -> r.replicationGroupId("absent").newReplicaCount(2)
                .applyImmediately(false))).isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("ApplyImmediately");
        assertThatThrownBy(() -> ec.decreaseReplicaCount(r -> r.replicationGroupId("absent").newReplicaCount(1)
                .replicasToRemove("absent-002").applyImmediately(true)))
                .isInstanceOf(InvalidParameterCombinationException.class);
        // One PreferredAvailabilityZone per node of the shard (its primary and NewReplicaCount replicas).
        assertThatThrownBy(() -> ec.increaseReplicaCount(r -> r.replicationGroupId("absent").applyImmediately(true)
                .replicaConfiguration(c -> c.nodeGroupId("0001").newReplicaCount(2)
                        .preferredAvailabilityZones("us-east-1a", "us-east-1b"))))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("PreferredAvailabilityZones");
    }
}
