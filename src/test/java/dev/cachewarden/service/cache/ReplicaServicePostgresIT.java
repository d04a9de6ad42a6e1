package dev.cachewarden.service.cache;

import dev.cachewarden.postgres.PostgresCluster;
import dev.cachewarden.store.jdbc.JdbcStore;

/** The same rules and store statements on PostgreSQL (a throwaway cluster, a database per test). */
class ReplicaServicePostgresIT extends ReplicaServiceTest {
    @Override
    protected JdbcStore openStore() throws Exception {
        return JdbcStore.postgres(PostgresCluster.shared().createDatabase(), PostgresCluster.USER, "");
    }
}
