package dev.cachewarden.store.jdbc;

import dev.cachewarden.postgres.PostgresCluster;
import org.junit.jupiter.api.Test;

/** V8 (and V12) on a real PostgreSQL: the same SQL as on H2, the same cluster-mode group read back. */
class ClusterNodesPostgresIT {
    @Test
    void clusterModeShardsAndSlotsRoundTripOnPostgres() throws Exception {
        String url = PostgresCluster.shared().createDatabase();
        try (JdbcStore store = JdbcStore.postgres(url, PostgresCluster.USER, "")) {
            ClusterNodesTest.roundTrip(store);
            PendingModesTest.roundTrip(store); // V12's columns, same SQL on PostgreSQL
        }
    }
}
