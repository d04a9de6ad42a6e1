package dev.cachewarden.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The kernel's CPU lists, as /proc/self/status gives them. */
class CpuPlacementTest {
    @Test
    void readsRangesAndSingles() {
        assertThat(CpuPlacement.cpus("0-1")).containsExactly(0, 1);
        assertThat(CpuPlacement.cpus("0,2-4,7")).containsExactly(0, 2, 3, 4, 7);
        assertThat(CpuPlacement.cpus("3")).containsExactly(3);
        assertThat(CpuPlacement.cpus("")).isEmpty();
    }
}
