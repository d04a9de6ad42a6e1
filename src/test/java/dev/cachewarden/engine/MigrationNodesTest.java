package dev.cachewarden.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.domain.AuthTokenState;
import dev.cachewarden.domain.AuthTokenStatus;
import dev.cachewarden.domain.AutomaticFailoverStatus;
import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.PasswordHash;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.TransitEncryptionMode;
import dev.cachewarden.engine.node.NodeSpec;
import dev.cachewarden.front.EndpointKind;
import dev.cachewarden.front.FrontEndpoint;
import dev.cachewarden.front.FrontTarget;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the migrations change on the nodes' side: default's passwords, the front's listeners, no restart for TLS. */
class MigrationNodesTest {
    static final PasswordHash A = PasswordHash.of("first-auth-token-0001");
    static final PasswordHash B = PasswordHash.of("second-auth-token-002");

    static ReplicationGroup group(PasswordHash token, AuthTokenState state, TransitEncryptionMode mode) {
        return new ReplicationGroup("rg", "d", Engine.REDIS, "7.0.15", CacheStatus.AVAILABLE, mode != null, token,
                List.of(), null, List.of(new CacheNode("rg-001", CacheNode.LOOPBACK, 40001, true)), 0, false, 0,
                AutomaticFailoverStatus.DISABLED, false, 41000, 41001, false, null, null, state, mode, null);
    }

    @Test
    void defaultTakesTheCurrentTokenAndTheOneBefore() {
        AclUser rotated = TokenDefault.of(group(B, new AuthTokenState(A, false, AuthTokenStatus.ROTATING, 1),
                TransitEncryptionMode.REQUIRED));
        assertThat(rotated.passwordHashes()).containsExactly(B.sha256Hex(), A.sha256Hex());
        assertThat(rotated.noPassword()).isFalse();
        assertThat(TokenDefault.of(group(B, AuthTokenState.NONE, TransitEncryptionMode.REQUIRED)).passwordHashes())
                .containsExactly(B.sha256Hex());
        // A ROTATE on a group without a token: open until SET.
        assertThat(TokenDefault.of(group(A, new AuthTokenState(null, true, null, 1), TransitEncryptionMode.REQUIRED))
                .noPassword()).isTrue();
        assertThat(TokenDefault.of(group(null, AuthTokenState.NONE, null)).noPassword()).isTrue();
    }

    @Test
    void onlyTheFrontChangesForTls() {
        NodeSpec plain = new NodeSpec("rg-001", 40001, false, null);
        assertThat(TransitNodes.onlyTlsDiffers(plain, new NodeSpec("rg-001", 40001, true, null))).isTrue();
        assertThat(TransitNodes.onlyTlsDiffers(plain, new NodeSpec("rg-001", 40001, true, "rg-002"))).isFalse();
        assertThat(TransitNodes.onlyTlsDiffers(plain, plain)).isFalse();

        FrontEndpoint tls = new FrontEndpoint(new FrontTarget("rg", false, EndpointKind.NODE, "rg-001"), 40001,
                Path.of("c.crt"), Path.of("c.key"), UnixDomainSocketAddress.of("/tmp/x.sock"));
        assertThat(TransitNodes.endpoint(group(null, AuthTokenState.NONE, TransitEncryptionMode.PREFERRED), tls)
                .plaintextAccepted()).isTrue();
        assertThat(TransitNodes.endpoint(group(null, AuthTokenState.NONE, TransitEncryptionMode.REQUIRED), tls)
                .plaintextAccepted()).isFalse();
    }
}
