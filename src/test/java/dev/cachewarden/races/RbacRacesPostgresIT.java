package dev.cachewarden.races;

import dev.cachewarden.postgres.PostgresCluster;
import dev.cachewarden.store.Store;
import dev.cachewarden.store.jdbc.JdbcStore;

/** The RBAC races on PostgreSQL (a throwaway cluster, one database a test). */
class RbacRacesPostgresIT extends RbacRacesContract {
    @Override
    Store newStore() throws Exception {
        return JdbcStore.postgres(PostgresCluster.shared().createDatabase(), PostgresCluster.USER, "");
    }
}
