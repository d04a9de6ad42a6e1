package dev.cachewarden.store.jdbc;

/**
 * The counter rows of {@code quota_counters} (migration V3), one per counted table, which the
 * repositories change in the transaction of every insert and delete. Reading a counter after this
 * transaction changed it is exact across every transaction and instance: the change holds the row's
 * lock until commit, so no other insert or delete of that table can commit in between.
 */
final class QuotaCounters {
    static final String USERS = "users";
    static final String USER_GROUPS = "user_groups";

    private QuotaCounters() {}

    static void add(Jdbc jdbc, String resource, int delta) {
        if (jdbc.update("UPDATE quota_counters SET used = used + ? WHERE resource = ?", delta, resource) != 1) {
            throw new IllegalStateException("no quota counter row for " + resource + " (migration V3 missing?)");
        }
    }

    static long read(Jdbc jdbc, String resource) {
        return jdbc.queryOne("SELECT used FROM quota_counters WHERE resource = ?", rs -> rs.getLong(1), resource)
                .orElseThrow(() -> new IllegalStateException("no quota counter row for " + resource));
    }
}
