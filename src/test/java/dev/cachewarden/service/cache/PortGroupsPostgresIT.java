package dev.cachewarden.service.cache;

import dev.cachewarden.postgres.PostgresCluster;
import dev.cachewarden.store.jdbc.JdbcStore;

/** The same on PostgreSQL: cache_nodes.host is listed alike. */
class PortGroupsPostgresIT extends PortGroupsTest {
    @Override
    protected JdbcStore openStore() throws Exception {
        return JdbcStore.postgres(PostgresCluster.shared().createDatabase(), PostgresCluster.USER, "");
    }
}
