package dev.cachewarden.service.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.domain.AutomaticFailoverStatus;
import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.service.settings.SettingsRequest;
import dev.cachewarden.store.jdbc.JdbcStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A group made with a Port keeps its block as it grows, on the real store: the addresses are stored
 * (cache_nodes.host) and listed for allocation, while groups on 127.0.0.1 are not counted.
 */
class PortGroupsTest {
    JdbcStore store;
    ReplicaService replicas;

    protected JdbcStore openStore() throws Exception {
        return JdbcStore.inMemory("ports-" + UUID.randomUUID());
    }

    @BeforeEach
    void open() throws Exception {
        store = openStore();
        ServiceSettings settings = new ServiceSettings("us-east-1", "000000000000", Duration.ZERO,
                ServiceSettings.Quotas.AWS_DEFAULTS, Clock.systemUTC());
        replicas = new ReplicaService(store, settings, EndpointAddressesTest.ALL_FREE, () -> { });
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void anAddedReplicaTakesTheNextAddressOfTheGroupsBlockOnItsPort() {
        insert("ported", List.of(new CacheNode("ported-001", "127.44.7.10", 6390, true),
                new CacheNode("ported-002", "127.44.7.11", 6390, false)));
        insert("old", List.of(new CacheNode("old-001", CacheNode.LOOPBACK, 41001, true)));
        assertThat(store.<List<String>>inTransaction(tx -> tx.replicationGroups().hostsInUse()))
                .containsExactlyInAnyOrder("127.44.7.10", "127.44.7.11");

        ReplicationGroup grown = replicas.increase(new ReplicaService.ReplicaCountChange("ported", Optional.of(true),
                Optional.of(3), List.of(), List.of()));
        assertThat(grown.nodes()).extracting(CacheNode::cacheClusterId, CacheNode::host, CacheNode::port)
                .contains(org.assertj.core.groups.Tuple.tuple("ported-003", "127.44.7.12", 6390),
                        org.assertj.core.groups.Tuple.tuple("ported-004", "127.44.7.13", 6390));
        ReplicationGroup stored = store.inTransaction(tx -> tx.replicationGroups().find("ported", false)).orElseThrow();
        assertThat(stored.nodes()).extracting(CacheNode::host)
                .containsExactly("127.44.7.10", "127.44.7.11", "127.44.7.12", "127.44.7.13");
        assertThat(store.<List<String>>inTransaction(tx -> tx.replicationGroups().hostsInUse())).hasSize(4);
    }

    @Test
    void withCachePortAGroupCreatedWithoutPortAnswersItOnEveryEndpointEachOnItsOwnAddress() {
        ServiceSettings settings = new ServiceSettings("us-east-1", "000000000000", Duration.ZERO,
                ServiceSettings.Quotas.AWS_DEFAULTS, Clock.systemUTC());
        CacheService caches = new CacheService(store, settings, new TestRuntime(40000, java.util.OptionalInt.of(6379)),
                () -> { });
        ReplicationGroup created = caches.create(new CacheService.CreateReplicationGroup("unset", "d", Optional.empty(),
                Optional.empty(), Optional.of(2), Optional.empty(), Optional.empty(), Optional.of(true), Optional.empty(),
                Optional.empty(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(), SettingsRequest.none(),
                null));
        assertThat(created.nodes()).extracting(CacheNode::port).containsOnly(6379);
        assertThat(created.nodes()).extracting(CacheNode::host).doesNotContain(CacheNode.LOOPBACK).doesNotHaveDuplicates();
        assertThat(created.primaryEndpointPort()).isEqualTo(6379);
        assertThat(created.readerEndpointPort()).isEqualTo(6379);
    }

    private void insert(String id, List<CacheNode> nodes) {
        int port = nodes.get(0).host().equals(CacheNode.LOOPBACK) ? 0 : nodes.get(0).port();
        store.inTransaction(tx -> tx.replicationGroups().insert(new ReplicationGroup(id, "d", Engine.REDIS, "7.0",
                CacheStatus.AVAILABLE, true, null, List.of(), null, nodes, 0, false, 0,
                AutomaticFailoverStatus.DISABLED, false, port, port, false, null)));
    }
}
