package dev.cachewarden.service.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.domain.AutomaticFailoverStatus;
import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.domain.fault.Fault;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.store.jdbc.JdbcStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TestFailover's and the replica counts' rules on a real (in-memory) store, without nodes: what is
 * accepted becomes a task and a modifying group; what AWS refuses is refused with its fault.
 */
class ReplicaServiceTest {
    /** A clock the test moves, for the rolling day of TestFailover calls. */
    static final class MovableClock extends Clock {
        volatile Instant now = Instant.parse("2026-12-04T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final MovableClock clock = new MovableClock();
    JdbcStore store;
    ReplicaService replicas;

    /** The store under test: in-memory H2 here, PostgreSQL in {@link ReplicaServicePostgresIT}. */
    protected JdbcStore openStore() throws Exception {
        return JdbcStore.inMemory("replicas-" + UUID.randomUUID());
    }

    @BeforeEach
    void open() throws Exception {
        store = openStore();
        ServiceSettings settings = new ServiceSettings("us-east-1", "000000000000", Duration.ZERO,
                ServiceSettings.Quotas.AWS_DEFAULTS, clock);
        CacheRuntime runtime = new TestRuntime(42000);
        replicas = new ReplicaService(store, settings, runtime, () -> { });
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void testFailoverIsLimitedToFifteenNodeGroupsInARollingDay() {
        insert("rg", 2, AutomaticFailoverStatus.ENABLED);
        for (int i = 0; i < ReplicaService.TEST_FAILOVERS_PER_DAY; i++) {
            ReplicationGroup accepted = replicas.testFailover("rg", "0001");
            assertThat(accepted.status()).isEqualTo(CacheStatus.MODIFYING);
            assertThat(accepted.failoverRequested()).isTrue();
            assertFault(() -> replicas.testFailover("rg", "0001"), Fault.INVALID_REPLICATION_GROUP_STATE);
            available("rg");
            clock.now = clock.now.plus(Duration.ofMinutes(1));
        }
        assertFault(() -> replicas.testFailover("rg", "0001"), Fault.APICALL_RATE_FOR_CUSTOMER_EXCEEDED);
        clock.now = clock.now.plus(Duration.ofHours(24)).minus(Duration.ofMinutes(14));
        assertThat(replicas.testFailover("rg", "0001").status()).isEqualTo(CacheStatus.MODIFYING);
    }

    @Test
    void testFailoverNeedsAutomaticFailoverAndTheGroupsOneNodeGroup() {
        insert("off", 2, AutomaticFailoverStatus.DISABLED);
        assertFault(() -> replicas.testFailover("off", "0001"), Fault.TEST_FAILOVER_NOT_AVAILABLE);
        insert("on", 2, AutomaticFailoverStatus.ENABLED);
        assertFault(() -> replicas.testFailover("on", "0002"), Fault.NODE_GROUP_NOT_FOUND);
        assertFault(() -> replicas.testFailover("on", "12345"), Fault.INVALID_PARAMETER_VALUE);
        assertFault(() -> replicas.testFailover("nope", "0001"), Fault.REPLICATION_GROUP_NOT_FOUND);
        // "1" names node group 0001, as it does in cluster mode
        assertThat(replicas.testFailover("on", "1").status()).isEqualTo(CacheStatus.MODIFYING);
    }

    @Test
    void anUnknownNodeGroupInReplicaConfigurationIsABadValueNotNodeGroupNotFound() {
        // botocore's model lists NodeGroupNotFoundFault for TestFailover, not for Increase/DecreaseReplicaCount.
        insert("rg", 2, AutomaticFailoverStatus.ENABLED);
        var shard = List.of(new ReplicaService.ConfigureShard("0002", 2, List.of()));
        assertFault(() -> replicas.increase(new ReplicaService.ReplicaCountChange("rg", Optional.of(true),
                Optional.empty(), shard, List.of())), Fault.INVALID_PARAMETER_VALUE);
        assertFault(() -> replicas.decrease(new ReplicaService.ReplicaCountChange("rg", Optional.of(true),
                Optional.empty(), shard, List.of())), Fault.INVALID_PARAMETER_VALUE);
    }

    @Test
    void replicaCountsGoUpToFiveAndNotBelowOneWithAutomaticFailover() {
        insert("rg", 2, AutomaticFailoverStatus.ENABLED);
        assertFault(() -> replicas.increase(change("rg", 6, List.of())), Fault.INVALID_PARAMETER_VALUE);
        assertFault(() -> replicas.increase(change("rg", 1, List.of())), Fault.INVALID_PARAMETER_VALUE);
        ReplicationGroup increased = replicas.increase(change("rg", 3, List.of()));
        assertThat(increased.status()).isEqualTo(CacheStatus.MODIFYING);
        assertThat(increased.nodes()).extracting(CacheNode::cacheClusterId)
                .containsExactly("rg-001", "rg-002", "rg-003", "rg-004");
        assertThat(increased.nodes()).extracting(CacheNode::status).containsExactly(CacheNode.Status.AVAILABLE,
                CacheNode.Status.AVAILABLE, CacheNode.Status.CREATING, CacheNode.Status.CREATING);
        assertFault(() -> replicas.decrease(change("rg", 1, List.of())), Fault.INVALID_REPLICATION_GROUP_STATE);
        available("rg");
        assertFault(() -> replicas.decrease(change("rg", 0, List.of())), Fault.INVALID_PARAMETER_VALUE);
        assertFault(() -> replicas.decrease(change("rg", null, List.of("rg-001"))), Fault.INVALID_PARAMETER_VALUE);
        assertFault(() -> replicas.decrease(change("rg", null, List.of("rg-009"))), Fault.INVALID_PARAMETER_VALUE);
        ReplicationGroup decreased = replicas.decrease(change("rg", 1, List.of()));
        assertThat(decreased.nodes()).filteredOn(n -> n.status() == CacheNode.Status.DELETING)
                .extracting(CacheNode::cacheClusterId).containsExactlyInAnyOrder("rg-003", "rg-004");
        assertThat(decreased.replicas()).extracting(CacheNode::cacheClusterId).containsExactly("rg-002");

        insert("plain", 2, AutomaticFailoverStatus.DISABLED);
        assertThat(replicas.decrease(change("plain", null, List.of("plain-002"))).replicas()).isEmpty();
    }

    @Test
    void aPromotionSwapsTheStoredRolesAndTheRestIsKept() {
        insert("rg", 3, AutomaticFailoverStatus.ENABLED);
        ReplicationGroup promoted = store.inTransaction(tx -> {
            tx.replicationGroups().promote("rg", "rg-003");
            return tx.replicationGroups().find("rg", false).orElseThrow();
        });
        assertThat(promoted.primary().cacheClusterId()).isEqualTo("rg-003");
        assertThat(promoted.nodes()).extracting(CacheNode::primary).containsExactly(false, false, true);
        assertThat(promoted.nodes()).extracting(CacheNode::port)
                .isEqualTo(insertedPorts("rg", 3));
        assertThat(promoted.automaticFailover()).isEqualTo(AutomaticFailoverStatus.ENABLED);
        ReplicationGroup changed = store.inTransaction(tx -> {
            tx.replicationGroups().updateFailoverSettings("rg", AutomaticFailoverStatus.DISABLING, false,
                    CacheStatus.MODIFYING);
            return tx.replicationGroups().find("rg", false).orElseThrow();
        });
        assertThat(changed.automaticFailover()).isEqualTo(AutomaticFailoverStatus.DISABLING);
        assertThat(changed.status()).isEqualTo(CacheStatus.MODIFYING);
        assertThat(changed.primaryEndpointPort()).isZero();
    }

    private static List<Integer> insertedPorts(String id, int nodes) {
        List<Integer> ports = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
            ports.add(41000 + i + id.hashCode() % 100 * 10);
        }
        return ports;
    }

    private static ReplicaService.ReplicaCountChange change(String id, Integer count, List<String> remove) {
        return new ReplicaService.ReplicaCountChange(id, Optional.of(true), Optional.ofNullable(count), List.of(), remove);
    }

    private void insert(String id, int nodes, AutomaticFailoverStatus failover) {
        List<CacheNode> list = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
            list.add(new CacheNode(id + "-00" + i, CacheNode.LOOPBACK, 41000 + i + id.hashCode() % 100 * 10, i == 1));
        }
        store.inTransaction(tx -> tx.replicationGroups().insert(new ReplicationGroup(id, "d", Engine.REDIS, "7.0",
                CacheStatus.AVAILABLE, true, null, List.of(), null, list, 0, false, 0, failover, false, 0, 0, false, null)));
    }

    private void available(String id) {
        store.inTransaction(tx -> {
            tx.replicationGroups().updateStatus(id, CacheStatus.AVAILABLE);
            return null;
        });
    }

    private static void assertFault(Runnable call, Fault fault) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ElastiCacheFault.class,
                e -> assertThat(e.fault()).isEqualTo(fault));
    }
}
