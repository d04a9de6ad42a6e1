package dev.cachewarden.service.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.domain.AutomaticFailoverStatus;
import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.domain.fault.Fault;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** AutomaticFailoverEnabled and MultiAZEnabled as CreateReplicationGroup and ModifyReplicationGroup judge them. */
class FailoverRulesTest {
    @Test
    void createNeedsAReplicaForFailoverAndFailoverForMultiAz() {
        assertThat(FailoverRules.forCreate(Optional.empty(), Optional.empty(), 1))
                .isEqualTo(new FailoverRules.Settings(false, false));
        assertThat(FailoverRules.forCreate(Optional.of(true), Optional.of(true), 2))
                .isEqualTo(new FailoverRules.Settings(true, true));
        assertFault(() -> FailoverRules.forCreate(Optional.of(true), Optional.empty(), 1),
                Fault.INVALID_PARAMETER_COMBINATION, FailoverRules.NEEDS_TWO_CLUSTERS);
        assertFault(() -> FailoverRules.forCreate(Optional.of(false), Optional.of(true), 3),
                Fault.INVALID_PARAMETER_COMBINATION, FailoverRules.MULTI_AZ_NEEDS_FAILOVER);
        assertFault(() -> FailoverRules.forCreate(Optional.empty(), Optional.of(true), 3),
                Fault.INVALID_PARAMETER_COMBINATION, FailoverRules.MULTI_AZ_NEEDS_FAILOVER);
    }

    @Test
    void modifyKeepsWhatIsNotAskedAndRefusesWhatAwsRefuses() {
        ReplicationGroup two = group(2, AutomaticFailoverStatus.DISABLED, false);
        assertThat(FailoverRules.forModify(two, Optional.empty(), Optional.empty())).isEmpty();
        assertThat(FailoverRules.forModify(two, Optional.of(false), Optional.of(false))).isEmpty();
        assertThat(FailoverRules.forModify(two, Optional.of(true), Optional.empty()))
                .contains(new FailoverRules.Settings(true, false));
        assertThat(FailoverRules.transition(two, true)).isEqualTo(AutomaticFailoverStatus.ENABLING);
        assertFault(() -> FailoverRules.forModify(two, Optional.empty(), Optional.of(true)),
                Fault.INVALID_PARAMETER_COMBINATION, FailoverRules.MULTI_AZ_NEEDS_FAILOVER);
        assertFault(() -> FailoverRules.forModify(group(1, AutomaticFailoverStatus.DISABLED, false), Optional.of(true),
                Optional.empty()), Fault.INVALID_PARAMETER_COMBINATION, FailoverRules.NEEDS_TWO_CLUSTERS);

        ReplicationGroup multiAz = group(3, AutomaticFailoverStatus.ENABLED, true);
        // Turning automatic failover off takes Multi-AZ with it; keeping Multi-AZ on is refused.
        assertThat(FailoverRules.forModify(multiAz, Optional.of(false), Optional.empty()))
                .contains(new FailoverRules.Settings(false, false));
        assertThat(FailoverRules.transition(multiAz, false)).isEqualTo(AutomaticFailoverStatus.DISABLING);
        assertFault(() -> FailoverRules.forModify(multiAz, Optional.of(false), Optional.of(true)),
                Fault.INVALID_PARAMETER_COMBINATION, FailoverRules.MULTI_AZ_NEEDS_FAILOVER);
        assertThat(FailoverRules.forModify(multiAz, Optional.empty(), Optional.of(false)))
                .contains(new FailoverRules.Settings(true, false));
    }

    @Test
    void settledStatusesAreWhatTheTransitionsEndIn() {
        assertThat(AutomaticFailoverStatus.ENABLING.settled()).isEqualTo(AutomaticFailoverStatus.ENABLED);
        assertThat(AutomaticFailoverStatus.DISABLING.settled()).isEqualTo(AutomaticFailoverStatus.DISABLED);
        assertThat(AutomaticFailoverStatus.DISABLING.promotes()).isFalse();
        assertThat(AutomaticFailoverStatus.ENABLING.promotes()).isTrue();
        for (AutomaticFailoverStatus s : AutomaticFailoverStatus.values()) {
            assertThat(AutomaticFailoverStatus.fromWire(s.wire())).isEqualTo(s);
        }
    }

    static ReplicationGroup group(int nodes, AutomaticFailoverStatus failover, boolean multiAz) {
        List<CacheNode> list = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
            list.add(new CacheNode("rg-00" + i, CacheNode.LOOPBACK, 40000 + i, i == 1));
        }
        return new ReplicationGroup("rg", "d", Engine.REDIS, "7.0", CacheStatus.AVAILABLE, true, null, List.of(), null,
                list, 0, false, 0, failover, multiAz, 41000, 41001, false, null);
    }

    static void assertFault(Runnable call, Fault fault, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ElastiCacheFault.class, e -> {
            assertThat(e.fault()).isEqualTo(fault);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }
}
