package dev.cachewarden.service.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.domain.AuthTokenState;
import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.PasswordHash;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.TransitEncryptionMode;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.protocol.WireFaults;
import java.util.List;

/** Groups and the fault check the migration rules' tests share: the wire code, HTTP status and message. */
final class MigrationFaults {
    private MigrationFaults() {}

    static ReplicationGroup group(boolean tls, TransitEncryptionMode mode, PasswordHash token, AuthTokenState state,
                                  List<String> userGroups) {
        return new ReplicationGroup("rg", "d", Engine.REDIS, "7.0.15", CacheStatus.AVAILABLE, tls, token, userGroups,
                null, List.of(new CacheNode("rg-001", CacheNode.LOOPBACK, 40001, true)), 0, false, 0,
                dev.cachewarden.domain.AutomaticFailoverStatus.DISABLED, false, 41000, 41001, false, null, null, state, mode, null);
    }

    static void refused(Runnable call, String code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ElastiCacheFault.class, e -> {
            assertThat(WireFaults.code(e.fault()).code()).isEqualTo(code);
            assertThat(WireFaults.code(e.fault()).httpStatus()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }
}
