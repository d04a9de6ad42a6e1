package dev.cachewarden.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.junit.Cachewarden;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.InvalidParameterCombinationException;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;
import software.amazon.awssdk.services.elasticache.model.TransitEncryptionMode;

/**
 * TLS turned on in place as AWS's guide does it: TransitEncryptionEnabled with mode preferred (plain and
 * TLS clients both served on the same endpoints), then required (plain clients refused), the keys kept
 * and the nodes not restarted.
 */
class TransitEncryptionInPlaceIT {
    static Cachewarden server;
    static ElastiCacheClient ec;
    static RedisCli cli;

    @BeforeAll
    static void start() {
        server = Cachewarden.builder().transitionDelay(Duration.ofMillis(100))
                .reconcileInterval(Duration.ofSeconds(1)).start();
        ec = server.client();
        cli = new RedisCli(server.server().nodes().caCertificate());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void preferredThenRequired() {
        ec.createReplicationGroup(r -> r.replicationGroupId("plain").replicationGroupDescription("no tls yet")
                .numCacheClusters(1));
        ReplicationGroup created = available("plain");
        int port = created.nodeGroups().get(0).primaryEndpoint().port();
        assertThat(created.transitEncryptionEnabled()).isFalse();
        assertThat(cli.run(port, false, null, null, "SET", "k", "v")).isEqualTo("OK");
        long pid = server.server().nodes().supervisor().pid("plain-001").orElseThrow();

        // AWS's order only: preferred first, never required straight from off.
        assertThatThrownBy(() -> ec.modifyReplicationGroup(r -> r.replicationGroupId("plain").applyImmediately(true)
                .transitEncryptionEnabled(true).transitEncryptionMode(TransitEncryptionMode.REQUIRED)))
                .isInstanceOf(InvalidParameterCombinationException.class).hasMessageContaining("preferred");
        assertThatThrownBy(() -> ec.modifyReplicationGroup(r -> r.replicationGroupId("plain").applyImmediately(true)
                .transitEncryptionMode(TransitEncryptionMode.PREFERRED)))
                .isInstanceOf(InvalidParameterCombinationException.class)
                .hasMessageContaining("TransitEncryptionEnabled=true");

        ReplicationGroup accepted = ec.modifyReplicationGroup(r -> r.replicationGroupId("plain").applyImmediately(true)
                .transitEncryptionEnabled(true).transitEncryptionMode(TransitEncryptionMode.PREFERRED)).replicationGroup();
        assertThat(accepted.status()).isEqualTo("modifying");
        ReplicationGroup preferred = available("plain");
        assertThat(preferred.transitEncryptionEnabled()).isTrue();
        assertThat(preferred.transitEncryptionMode()).isEqualTo(TransitEncryptionMode.PREFERRED);
        assertThat(cli.run(port, false, null, null, "GET", "k")).isEqualTo("v");
        assertThat(cli.run(port, true, null, null, "GET", "k")).isEqualTo("v");

        ec.modifyReplicationGroup(r -> r.replicationGroupId("plain").applyImmediately(true)
                .transitEncryptionEnabled(true).transitEncryptionMode(TransitEncryptionMode.REQUIRED));
        ReplicationGroup required = available("plain");
        assertThat(required.transitEncryptionMode()).isEqualTo(TransitEncryptionMode.REQUIRED);
        assertThat(cli.run(port, true, null, null, "GET", "k")).isEqualTo("v");
        assertThat(cli.run(port, false, null, null, "GET", "k")).isNotEqualTo("v");
        int nodePort = required.nodeGroups().get(0).nodeGroupMembers().get(0).readEndpoint().port();
        assertThat(cli.run(nodePort, true, null, null, "GET", "k")).isEqualTo("v");
        // The nodes were not restarted: only the front's listeners changed.
        assertThat(server.server().nodes().supervisor().pid("plain-001")).contains(pid);

        // Off again only through preferred.
        assertThatThrownBy(() -> ec.modifyReplicationGroup(r -> r.replicationGroupId("plain").applyImmediately(true)
                .transitEncryptionEnabled(false)))
                .isInstanceOf(InvalidParameterCombinationException.class).hasMessageContaining("preferred");
    }

    static ReplicationGroup available(String id) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(
                () -> ec.describeReplicationGroups(r -> r.replicationGroupId(id)).replicationGroups().get(0),
                g -> g.status().equals("available"));
    }
}
