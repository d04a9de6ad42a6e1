package dev.cachewarden.service.cache;

import static dev.cachewarden.service.cache.MigrationFaults.refused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.EngineVersion;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EngineUpgradeRulesTest {
    /** What a machine with redis-server 7.0.15 and valkey-server 8.0.1 offers. */
    static final CacheRuntime RUNTIME = new CacheRuntime() {
        @Override
        public Optional<String> engineVersion(Engine engine) {
            return Optional.of(engine == Engine.REDIS ? "7.0.15" : "8.0.1");
        }

        @Override
        public String missingEngineMessage() {
            return "none";
        }

        @Override
        public int freePort(Collection<Integer> taken) {
            throw new UnsupportedOperationException();
        }
    };

    static Optional<EngineUpgradeRules.Upgrade> plan(Engine current, String engine, String version, String params) {
        return EngineUpgradeRules.plan(current, current == Engine.REDIS ? "7.0.15" : "8.0.1", Optional.ofNullable(engine),
                Optional.ofNullable(version), Optional.ofNullable(params), List.of(), RUNTIME);
    }

    @Test
    void redisToValkey() {
        assertThat(plan(Engine.REDIS, "valkey", "8.0", null)).contains(new EngineUpgradeRules.Upgrade(Engine.VALKEY, "8.0.1"));
        assertThat(plan(Engine.REDIS, "valkey", null, "default.valkey8")).isPresent();
        assertThat(plan(Engine.REDIS, "redis", "7.0", null)).isEmpty();
        assertThat(plan(Engine.REDIS, null, "7.1", null)).isEmpty(); // the one redis-server serves 7.x
    }

    @Test
    void refusals() {
        refused(() -> plan(Engine.VALKEY, "redis", "7.0", null), "InvalidParameterCombination",
                "Engine cannot be changed from valkey to redis.");
        refused(() -> plan(Engine.REDIS, null, "6.2", null), "InvalidParameterCombination",
                "Cannot downgrade redis from 7.0.15 to 6.2.");
        refused(() -> plan(Engine.REDIS, "valkey", "9.9", null), "InvalidParameterCombination",
                "Cannot find version 9.9 for valkey");
        refused(() -> plan(Engine.REDIS, "valkey", "8.0", "default.redis7"), "InvalidParameterCombination",
                "The parameter group default.redis7 is not of family valkey8 of engine valkey 8.0.1.");
        refused(() -> plan(Engine.REDIS, "memcached", null, null), "InvalidParameterValue",
                "Invalid engine 'memcached'. Valid engines are redis and valkey.");
        refused(() -> plan(Engine.REDIS, null, "7.a", null), "InvalidParameterValue", "Invalid EngineVersion '7.a'.");
    }

    @Test
    void families() {
        assertThat(EngineUpgradeRules.family(Engine.REDIS, EngineVersion.of("7.0.15"))).isEqualTo("redis7");
        assertThat(EngineUpgradeRules.family(Engine.REDIS, EngineVersion.of("6.2"))).isEqualTo("redis6.x");
        assertThat(EngineUpgradeRules.family(Engine.VALKEY, EngineVersion.of("8.0.1"))).isEqualTo("valkey8");
    }

    @Test
    void engineVersionsListsTheBinaries() {
        CacheEngineVersions versions = new CacheEngineVersions(RUNTIME);
        assertThat(versions.describe(Optional.empty(), Optional.empty(), Optional.empty(), null, null).items())
                .extracting(CacheEngineVersions.Version::engineVersion).containsExactly("7.0.15", "8.0.1");
        assertThat(versions.describe(Optional.of("valkey"), Optional.empty(), Optional.empty(), null, null).items())
                .extracting(CacheEngineVersions.Version::family).containsExactly("valkey8");
        assertThat(versions.describe(Optional.empty(), Optional.of("6.2"), Optional.empty(), null, null).items()).isEmpty();
        assertThat(versions.describe(Optional.empty(), Optional.empty(), Optional.of("redis7"), null, null).items())
                .hasSize(1);
        refused(() -> versions.describe(Optional.empty(), Optional.empty(), Optional.empty(), 5, null),
                "InvalidParameterValue", "MaxRecords must be between 20 and 100.");
    }
}
