package dev.cachewarden.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.domain.AutomaticFailoverStatus;
import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.ClusterMode;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.PendingModes;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.TransitEncryptionMode;
import dev.cachewarden.store.Store;
import java.util.List;
import org.junit.jupiter.api.Test;

/** V12: a TLS change and a ClusterMode conversion in progress, and the converted mode, survive the store (H2 here). */
class PendingModesTest {
    static ReplicationGroup read(Store store, String id) {
        return store.inTransaction(tx -> tx.replicationGroups().find(id, false)).orElseThrow();
    }

    /** Shared with the PostgreSQL run (ClusterNodesPostgresIT). */
    static void roundTrip(Store store) {
        ReplicationGroup group = new ReplicationGroup("pm", "d", Engine.REDIS, "7.0", CacheStatus.AVAILABLE, true, null,
                List.of(), null, List.of(new CacheNode("pm-001", CacheNode.LOOPBACK, 41101, true),
                new CacheNode("pm-002", CacheNode.LOOPBACK, 41102, false)), 1L, false, 0,
                AutomaticFailoverStatus.ENABLED, false, 41110, 41111, false, null, null, null,
                TransitEncryptionMode.PREFERRED, ClusterMode.DISABLED);
        store.inTransaction(tx -> tx.replicationGroups().insert(group));
        assertThat(read(store, "pm").pendingModes()).isEqualTo(PendingModes.NONE);
        assertThat(read(store, "pm").transitEncryptionMode()).isEqualTo(TransitEncryptionMode.PREFERRED);

        store.inTransaction(tx -> {
            tx.replicationGroups().updatePendingModes("pm", new PendingModes(true, TransitEncryptionMode.REQUIRED,
                    ClusterMode.COMPATIBLE));
            return null;
        });
        assertThat(read(store, "pm").pendingModes()).isEqualTo(new PendingModes(true, TransitEncryptionMode.REQUIRED,
                ClusterMode.COMPATIBLE));
        // TLS being turned off: enabled false, no mode.
        store.inTransaction(tx -> {
            tx.replicationGroups().updatePendingModes("pm", new PendingModes(false, null, null));
            return null;
        });
        assertThat(read(store, "pm").pendingModes()).isEqualTo(new PendingModes(false, null, null));

        long before = read(store, "pm").version();
        store.inTransaction(tx -> {
            tx.replicationGroups().updateSlots("pm", "0001", "0-16383");
            tx.replicationGroups().updateClusterMode("pm", ClusterMode.COMPATIBLE);
            tx.replicationGroups().updatePendingModes("pm", PendingModes.NONE);
            return null;
        });
        ReplicationGroup converted = read(store, "pm");
        assertThat(converted.version()).isGreaterThan(before);
        assertThat(converted.clusterMode()).isEqualTo(ClusterMode.COMPATIBLE);
        assertThat(converted.clusterEnabled()).isFalse();
        assertThat(converted.runsAsCluster()).isTrue();
        assertThat(converted.pendingModes().isEmpty()).isTrue();
    }

    @Test
    void pendingModesRoundTripOnH2() {
        try (JdbcStore store = JdbcStore.inMemory("pending-modes-" + System.nanoTime())) {
            roundTrip(store);
        }
    }
}
