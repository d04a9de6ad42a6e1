package dev.cachewarden.service.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.domain.fault.Fault;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.store.jdbc.JdbcStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The 150-group quotas, on the service and the real (in-memory) store: a refused create leaves nothing behind. */
class CacheGroupQuotasTest {
    final JdbcStore store = JdbcStore.inMemory("cache-groups-" + UUID.randomUUID());
    final ServiceSettings settings = new ServiceSettings("us-east-1", "000000000000", Duration.ZERO,
            ServiceSettings.Quotas.AWS_DEFAULTS, Clock.systemUTC());
    final CacheSubnetGroupService subnets = new CacheSubnetGroupService(store, settings);
    final CacheParameterGroupService parameters = new CacheParameterGroupService(store, settings,
            ParameterCatalogue.builtIn());

    @AfterEach
    void close() {
        store.close();
    }

    CacheSubnetGroupService.CreateCacheSubnetGroup subnetGroup(String name) {
        return new CacheSubnetGroupService.CreateCacheSubnetGroup(name, "q", Optional.of(List.of("subnet-1a2b3c4d")),
                List.of());
    }

    @Test
    void theDefaultSubnetGroupIsTheHundredAndFiftieth() {
        for (int i = 0; i < 149; i++) {
            subnets.create(subnetGroup("q" + i));
        }
        assertThatThrownBy(() -> subnets.create(subnetGroup("over"))).isInstanceOfSatisfying(ElastiCacheFault.class,
                e -> assertThat(e.fault()).isEqualTo(Fault.CACHE_SUBNET_GROUP_QUOTA_EXCEEDED));
        assertThatThrownBy(() -> subnets.describe(new CacheSubnetGroupService.DescribeCacheSubnetGroups(
                Optional.of("over"), null, null))).isInstanceOfSatisfying(ElastiCacheFault.class,
                e -> assertThat(e.fault()).isEqualTo(Fault.CACHE_SUBNET_GROUP_NOT_FOUND));
        subnets.delete("q0");
        subnets.create(subnetGroup("over"));
    }

    @Test
    void aHundredAndFiftyParameterGroupsBesidesAwsDefaults() {
        for (int i = 0; i < 150; i++) {
            parameters.create(new CacheParameterGroupService.CreateCacheParameterGroup("q" + i, "valkey8", "q", List.of()));
        }
        assertThatThrownBy(() -> parameters.create(new CacheParameterGroupService.CreateCacheParameterGroup("over",
                "valkey8", "q", List.of()))).isInstanceOfSatisfying(ElastiCacheFault.class,
                e -> assertThat(e.fault()).isEqualTo(Fault.CACHE_PARAMETER_GROUP_QUOTA_EXCEEDED));
        assertThat(parameters.describe(Optional.empty(), 100, null).items()).hasSize(100);
    }
}
