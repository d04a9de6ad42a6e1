package dev.cachewarden.service.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.domain.CacheParameter;
import dev.cachewarden.domain.ChangeType;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.domain.fault.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParameterCatalogueTest {
    final ParameterCatalogue catalogue = ParameterCatalogue.builtIn();

    CacheParameter p(String family, String name) {
        return catalogue.find(family, name).orElseThrow();
    }

    @Test
    void everyFamilyHasAwsDocumentedDefaults() {
        for (String family : ParameterCatalogue.FAMILIES) {
            CacheParameter policy = p(family, "maxmemory-policy");
            assertThat(policy.defaultValue()).isEqualTo("volatile-lru");
            assertThat(policy.changeType()).isEqualTo(ChangeType.IMMEDIATE);
            assertThat(policy.modifiable()).isTrue();
            assertThat(p(family, "reserved-memory-percent").defaultValue()).isEqualTo("25");
            assertThat(p(family, "cluster-enabled").modifiable()).isFalse();
            assertThat(catalogue.parameters(family)).isSortedAccordingTo(ParameterCatalogue.byName());
        }
    }

    @Test
    void familiesDifferAsTheDocumentationSays() {
        assertThat(catalogue.find("redis6.x", "hash-max-ziplist-entries")).isPresent();
        assertThat(catalogue.find("redis6.x", "hash-max-listpack-entries")).isEmpty();
        assertThat(catalogue.find("redis7", "hash-max-ziplist-entries")).isEmpty();
        assertThat(p("redis7", "hash-max-listpack-entries").defaultValue()).isEqualTo("512");
        assertThat(p("valkey7", "latency-tracking").defaultValue()).isEqualTo("no");
        assertThat(p("redis7", "repl-backlog-size").defaultValue()).isEqualTo("1048576");
        assertThat(p("valkey8", "repl-backlog-size").defaultValue()).isEqualTo("10485760");
        assertThat(catalogue.knows("memcached1.6")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"REDIS,7.0.15,redis7", "REDIS,6.2.6,redis6.x", "VALKEY,7.2.4,valkey7", "VALKEY,8.0.1,valkey8",
            "REDIS,7,redis7"})
    void aCacheUsesTheFamilyOfItsEngineAndMajorVersion(Engine engine, String version, String family) {
        assertThat(ParameterCatalogue.familyOf(engine, version)).isEqualTo(family);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"maxmemory-policy|allkeys-lru|true", "maxmemory-policy|ALLKEYS-LRU|false",
            "maxmemory-policy|lru|false", "timeout|0|true", "timeout|300|true", "timeout|-1|false", "timeout|1.5|false",
            "timeout|99999999999999999999|false", "reserved-memory-percent|100|true", "reserved-memory-percent|101|false",
            "lazyfree-lazy-eviction|yes|true", "lazyfree-lazy-eviction|true|false", "notify-keyspace-events|Ex|true",
            "notify-keyspace-events|AKE|true", "notify-keyspace-events|Q|false", "active-defrag-cycle-min|0|false",
            "active-defrag-cycle-min|75|true", "acllog-max-len|10001|false"})
    void valuesAreCheckedAgainstTypeAndAllowedValues(String name, String value, boolean accepted) {
        CacheParameter parameter = p("redis7", name);
        if (accepted) {
            assertThatCode(() -> ParameterCatalogue.checkValue(parameter, value)).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> ParameterCatalogue.checkValue(parameter, value))
                    .isInstanceOfSatisfying(ElastiCacheFault.class, e -> {
                        assertThat(e.fault()).isEqualTo(Fault.INVALID_PARAMETER_VALUE);
                        assertThat(e.getMessage()).contains(name, value);
                    });
        }
    }

    @Test
    void anUnknownFamilyIsInvalidParameterValue() {
        assertThatThrownBy(() -> catalogue.requireFamily("redis99"))
                .isInstanceOfSatisfying(ElastiCacheFault.class,
                        e -> assertThat(e.fault()).isEqualTo(Fault.INVALID_PARAMETER_VALUE));
    }
}
