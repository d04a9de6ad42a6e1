package dev.cachewarden.service.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.domain.AutomaticFailoverStatus;
import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.ClusterMode;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.protocol.ErrorCode;
import dev.cachewarden.protocol.WireFaults;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** ModifyReplicationGroup's ClusterMode conversion rules: each refusal with the code and HTTP status AWS answers. */
class ClusterModeChangesTest {
    static ReplicationGroup group(ClusterMode mode, Engine engine, String version, AutomaticFailoverStatus failover,
                                  int replicas, boolean converted) {
        List<CacheNode> nodes = new ArrayList<>();
        for (int i = 0; i <= replicas; i++) {
            nodes.add(new CacheNode(String.format("rg-%03d", i + 1), CacheNode.LOOPBACK, 40001 + i, i == 0,
                    CacheNode.Status.AVAILABLE, "0001", converted ? "0-16383" : ""));
        }
        return new ReplicationGroup("rg", "d", engine, version, CacheStatus.AVAILABLE, true, null, List.of(), null,
                nodes, 0L, false, 0, failover, false, 40100, 40101, false, null, null, null, null, mode);
    }

    static ReplicationGroup ready(ClusterMode mode) {
        return group(mode, Engine.REDIS, "7.0.15", AutomaticFailoverStatus.ENABLED, 1, mode != ClusterMode.DISABLED);
    }

    static Optional<ClusterMode> check(ReplicationGroup g, String asked) {
        return ClusterRules.checkModify(g, asked, List.of(), Optional.empty());
    }

    /** The code and HTTP status the refusal travels with, and its message. */
    static String refusal(Runnable r) {
        try {
            r.run();
        } catch (ElastiCacheFault f) {
            ErrorCode code = WireFaults.code(f.fault());
            return code.code() + " " + code.httpStatus() + ": " + f.getMessage();
        }
        throw new AssertionError("accepted");
    }

    @Test
    void theStepsAwsAllows() {
        assertThat(check(ready(ClusterMode.DISABLED), "compatible")).contains(ClusterMode.COMPATIBLE);
        assertThat(check(ready(ClusterMode.COMPATIBLE), "enabled")).contains(ClusterMode.ENABLED);
        assertThat(check(ready(ClusterMode.DISABLED), "disabled")).isEmpty();
        assertThat(check(ready(ClusterMode.ENABLED), "enabled")).isEmpty();
        assertThat(ClusterRules.checkModify(ready(ClusterMode.DISABLED), "compatible", List.of(),
                Optional.of("default.redis7.cluster.on"))).contains(ClusterMode.COMPATIBLE);
        // Valkey 7.2 is the minimum there.
        assertThat(check(group(ClusterMode.DISABLED, Engine.VALKEY, "8.0.1", AutomaticFailoverStatus.ENABLED, 1, false),
                "compatible")).contains(ClusterMode.COMPATIBLE);
    }

    @Test
    void everyRefusal() {
        assertThat(refusal(() -> check(ready(ClusterMode.DISABLED), "on")))
                .startsWith("InvalidParameterValue 400: Invalid value 'on' for ClusterMode");
        assertThat(refusal(() -> check(ready(ClusterMode.DISABLED), "enabled")))
                .startsWith("InvalidParameterCombination 400: To enable cluster mode, first set ClusterMode to compatible");
        assertThat(refusal(() -> check(ready(ClusterMode.ENABLED), "compatible")))
                .startsWith("InvalidParameterCombination 400: ClusterMode cannot be changed once it is enabled");
        assertThat(refusal(() -> check(ready(ClusterMode.ENABLED), "disabled")))
                .startsWith("InvalidParameterCombination 400: ClusterMode cannot be changed once it is enabled");
        assertThat(refusal(() -> check(ready(ClusterMode.COMPATIBLE), "disabled")))
                .startsWith("InvalidParameterCombination 400: ClusterMode cannot be changed from compatible back");
        assertThat(refusal(() -> ClusterRules.checkModify(ready(ClusterMode.DISABLED), "compatible",
                List.of("CacheNodeType"), Optional.empty())))
                .startsWith("InvalidParameterCombination 400: No other parameter than CacheParameterGroupName")
                .contains("CacheNodeType");
        assertThat(refusal(() -> ClusterRules.checkModify(ready(ClusterMode.DISABLED), "compatible", List.of(),
                Optional.of("default.redis7"))))
                .startsWith("InvalidParameterCombination 400: ClusterMode compatible requires a parameter group with "
                        + "cluster-enabled set to yes");
        assertThat(refusal(() -> check(group(ClusterMode.DISABLED, Engine.REDIS, "6.2", AutomaticFailoverStatus.ENABLED,
                1, false), "compatible")))
                .startsWith("InvalidParameterCombination 400: Cluster mode compatible requires engine version 7.0 or later");
        assertThat(refusal(() -> check(group(ClusterMode.DISABLED, Engine.VALKEY, "7.0", AutomaticFailoverStatus.ENABLED,
                1, false), "compatible")))
                .contains("requires engine version 7.2 or later");
        assertThat(refusal(() -> check(group(ClusterMode.DISABLED, Engine.REDIS, "7.0", AutomaticFailoverStatus.DISABLED,
                1, false), "compatible")))
                .startsWith("InvalidParameterCombination 400: Cluster mode compatible requires automatic failover "
                        + "enabled with at least one replica");
        assertThat(refusal(() -> check(group(ClusterMode.DISABLED, Engine.REDIS, "7.0", AutomaticFailoverStatus.ENABLED,
                0, false), "compatible")))
                .contains("at least one replica");
    }

    @Test
    void compatibleGroupsRefuseOtherModifications() {
        assertThat(refusal(() -> ClusterModeChanges.refuseWhileCompatible(ready(ClusterMode.COMPATIBLE), "Changing the engine")))
                .startsWith("InvalidParameterCombination 400: Changing the engine is not allowed while ClusterMode is "
                        + "compatible");
        ClusterModeChanges.refuseWhileCompatible(ready(ClusterMode.DISABLED), "Changing the engine");
        ClusterModeChanges.refuseWhileCompatible(ready(ClusterMode.ENABLED), "Changing the engine");
    }

    @Test
    void aModifyOfACompatibleGroupRefusesScalingEngineAndFailover() {
        ReplicationGroupHook hook = ClusterModeChanges.forModify(null, Optional.empty(),
                List.of("ReplicationGroupDescription", "CacheNodeType", "PrimaryClusterId"), Optional.empty());
        assertThat(refusal(() -> hook.apply(null, ready(ClusterMode.COMPATIBLE))))
                .startsWith("InvalidParameterCombination 400: Modifying CacheNodeType, PrimaryClusterId is not allowed "
                        + "while ClusterMode is compatible");
        assertThat(hook.apply(null, ready(ClusterMode.DISABLED))).isFalse();
        assertThat(hook.apply(null, ready(ClusterMode.ENABLED))).isFalse();
        assertThat(ClusterModeChanges.forModify(null, Optional.empty(), List.of("ReplicationGroupDescription",
                "UserGroupIdsToAdd", "TransitEncryptionMode"), Optional.empty())).isSameAs(ReplicationGroupHook.NONE);
    }

    @Test
    void theOtherParametersAreTheModelsMembers() {
        assertThat(ClusterModeChanges.OTHER_PARAMETERS).doesNotContain("ReplicationGroupId", "ApplyImmediately",
                "ClusterMode", "CacheParameterGroupName").hasSize(26);
    }
}
