package dev.cachewarden.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParameterApplierTest {
    @Test
    void keyspaceEventFlagsCompareAsSetsBecauseTheNodeReordersThem() {
        assertThat(ParameterApplier.same("notify-keyspace-events", "xE", "Ex")).isTrue();
        assertThat(ParameterApplier.same("notify-keyspace-events", "Ex", "Kx")).isFalse();
        assertThat(ParameterApplier.same("notify-keyspace-events", "", "")).isTrue();
    }

    @Test
    void otherValuesCompareExactly() {
        assertThat(ParameterApplier.same("maxmemory-policy", "allkeys-lru", "allkeys-lru")).isTrue();
        assertThat(ParameterApplier.same("maxmemory-policy", "noeviction", "allkeys-lru")).isFalse();
        assertThat(ParameterApplier.same("timeout", null, "0")).isFalse();
    }
}
