package dev.cachewarden.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.domain.AutomaticFailoverStatus;
import dev.cachewarden.domain.Cache;
import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.CacheSettings;
import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.store.Store;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** cache_settings (V9) on each store: every field round-trips, a group carries its settings, and leaves none behind. */
public abstract class CacheSettingsRepositoryContract {
    protected abstract Store store();

    static final CacheSettings FULL = new CacheSettings("cache.r6gd.xlarge",
            new CacheSettings.Snapshots(7, "02:00-03:00", "rg-002"),
            new CacheSettings.Maintenance("tue:04:00-tue:05:30", false),
            new CacheSettings.Notification("arn:aws:sns:us-east-1:123456789012:t", "inactive"),
            new CacheSettings.Encryption(true, "alias/k"),
            new CacheSettings.Network("dual_stack", "ipv6", List.of("sg-0123abcd"), List.of("subnet-0123abcd")),
            new CacheSettings.Placement(List.of("us-east-1b", "us-east-1c"), List.of("rg-001", "rg-002")), true,
            List.of(new CacheSettings.LogDelivery("slow-log", "cloudwatch-logs", "/g", "json")),
            new CacheSettings.UsageLimits(1, 10, null, 5000),
            new CacheSettings.Pending("cache.r6gd.2xlarge", List.of(), 123_456L));

    static ReplicationGroup group(String id) {
        return new ReplicationGroup(id, "d", Engine.REDIS, "7.0", CacheStatus.AVAILABLE, false, null, List.of(), null,
                List.of(new CacheNode(id + "-001", CacheNode.LOOPBACK, 40001, true)), 0, false, 0,
                AutomaticFailoverStatus.DISABLED, false, 0, 0, false, null);
    }

    private Optional<CacheSettings> find(Cache.Ref ref) {
        return store().readSnapshot(tx -> tx.cacheSettings().find(ref));
    }

    @Test
    void everyFieldRoundTripsAndAPutReplaces() {
        Cache.Ref ref = Cache.Ref.serverlessCache("s");
        store().inTransaction(tx -> {
            tx.cacheSettings().put(ref, FULL);
            return null;
        });
        assertThat(find(ref)).contains(FULL);
        CacheSettings changed = FULL.at(Long.MAX_VALUE);
        store().inTransaction(tx -> {
            tx.cacheSettings().put(ref, changed);
            return null;
        });
        assertThat(find(ref)).contains(changed);
        assertThat(changed.cacheNodeType()).isEqualTo("cache.r6gd.2xlarge");
        assertThat(find(Cache.Ref.replicationGroup("s"))).isEmpty();
    }

    @Test
    void aGroupCarriesItsSettingsAndTakesThemAlongWhenDeleted() {
        store().inTransaction(tx -> {
            tx.replicationGroups().insert(group("rg"));
            tx.cacheSettings().put(Cache.Ref.replicationGroup("rg"), FULL);
            tx.replicationGroups().insert(group("bare"));
            return null;
        });
        assertThat(store().readSnapshot(tx -> tx.replicationGroups().find("rg", false)).orElseThrow().settings())
                .isEqualTo(FULL);
        assertThat(store().readSnapshot(tx -> tx.replicationGroups().find("bare", false)).orElseThrow().settings())
                .isNull();
        store().inTransaction(tx -> {
            tx.replicationGroups().delete("rg");
            return null;
        });
        assertThat(find(Cache.Ref.replicationGroup("rg"))).isEmpty();
    }
}
