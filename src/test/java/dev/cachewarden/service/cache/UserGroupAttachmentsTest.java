package dev.cachewarden.service.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.domain.AutomaticFailoverStatus;
import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.ClusterMode;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.domain.fault.Fault;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The user group rules of a replication group's create and modify, refused before any store is read. */
class UserGroupAttachmentsTest {
    private static ReplicationGroup group(boolean tls, List<String> userGroupIds) {
        List<CacheNode> nodes = List.of(new CacheNode("rg-001", CacheNode.LOOPBACK, 40001, true));
        return new ReplicationGroup("rg", "d", Engine.REDIS, "7.0.15", CacheStatus.AVAILABLE, tls, null, userGroupIds,
                null, nodes, 0L, false, 0, AutomaticFailoverStatus.DISABLED, false, 40100, 40101, false, null, null,
                null, null, ClusterMode.DISABLED);
    }

    private static Fault fault(Runnable r) {
        try {
            r.run();
        } catch (ElastiCacheFault f) {
            return f.fault();
        }
        throw new AssertionError("accepted");
    }

    @Test
    void idsAreNormalizedAndDeduplicated() {
        assertThat(UserGroupAttachments.ids(Optional.of(List.of("G1", "g1", "g2")))).containsExactly("g1", "g2");
        assertThat(UserGroupAttachments.ids(Optional.empty())).isEmpty();
    }

    @Test
    void createTakesOneGroupAndOnlyWithTls() {
        UserGroupAttachments.checkCreate(List.of("g"), true);
        UserGroupAttachments.checkCreate(List.of(), false);
        assertThat(fault(() -> UserGroupAttachments.checkCreate(List.of("a", "b"), true))).isEqualTo(Fault.INVALID_PARAMETER_VALUE);
        assertThat(fault(() -> UserGroupAttachments.checkCreate(List.of("g"), false)))
                .isEqualTo(Fault.INVALID_PARAMETER_COMBINATION);
    }

    @Test
    void removeUserGroupsDetachesEveryGroupOnce() {
        ReplicationGroup g = group(true, List.of("a"));
        assertThat(UserGroupAttachments.removing(g, List.of("a"), true)).containsExactly("a");
        assertThat(UserGroupAttachments.removing(g, List.of(), true)).containsExactly("a");
        assertThat(UserGroupAttachments.removing(g, List.of(), false)).isEmpty();
    }

    @Test
    void modifyRefusesWhatAwsRefuses() {
        ReplicationGroup attached = group(true, List.of("a"));
        assertThat(fault(() -> UserGroupAttachments.checkModify(null, attached, List.of(), List.of("b"))))
                .isEqualTo(Fault.INVALID_PARAMETER_VALUE); // not associated
        assertThat(fault(() -> UserGroupAttachments.checkModify(null, attached, List.of("a"), List.of("a"))))
                .isEqualTo(Fault.INVALID_PARAMETER_COMBINATION); // both added and removed
        assertThat(fault(() -> UserGroupAttachments.checkModify(null, attached, List.of("a"), List.of())))
                .isEqualTo(Fault.INVALID_PARAMETER_VALUE); // already associated
        assertThat(fault(() -> UserGroupAttachments.checkModify(null, attached, List.of("b"), List.of())))
                .isEqualTo(Fault.INVALID_PARAMETER_COMBINATION); // a second group
        assertThat(fault(() -> UserGroupAttachments.checkModify(null, group(false, List.of()), List.of("b"), List.of())))
                .isEqualTo(Fault.INVALID_PARAMETER_COMBINATION); // no TLS
        UserGroupAttachments.checkModify(null, attached, List.of(), List.of("a")); // detaching needs no store
    }
}
