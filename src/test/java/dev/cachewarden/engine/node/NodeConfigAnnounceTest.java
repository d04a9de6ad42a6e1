package dev.cachewarden.engine.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a cluster-mode node announces: the front's address and port for it, and it listens there for its bus;
 * and when its append-only file is written and flushed.
 */
class NodeConfigAnnounceTest {
    @TempDir
    Path dir;

    String config(NodeConfig.Cluster cluster) {
        return config(cluster, AofFsync.NO);
    }

    String config(NodeConfig.Cluster cluster, AofFsync fsync) {
        CertificateAuthority.NodeCertificate cert = new CertificateAuthority.NodeCertificate(dir.resolve("n.crt"),
                dir.resolve("n.key"), dir.resolve("ca.crt"));
        return NodeConfig.of(dir, dir.resolve("redis.sock"), 41001, cert, AdminCredentials.of("admin-password-for-the-test-0001"), null,
                cluster, fsync);
    }

    @Test
    void theAppendOnlyFileIsNeverLeftToEverysec() {
        // everysec postpones the write itself (not only the fsync) behind a slow fsync, and replies meanwhile.
        assertThat(config(null, AofFsync.NO)).contains("appendonly yes\nappendfsync no\n").doesNotContain("everysec");
        assertThat(config(null, AofFsync.ALWAYS)).contains("appendonly yes\nappendfsync always\n");
    }

    @Test
    void aNodeOfAGroupMadeWithAPortAnnouncesItsOwnAddress() {
        String c = config(new NodeConfig.Cluster(51001, "127.9.8.10", 6390));
        assertThat(c).contains("bind 127.0.0.1 127.9.8.10\n", "cluster-announce-ip 127.9.8.10\n",
                "cluster-announce-port 6390\n", "cluster-announce-tls-port 6390\n", "cluster-announce-bus-port 51001\n");
    }

    @Test
    void otherNodesStayOn127001() {
        assertThat(config(new NodeConfig.Cluster(51001, "127.0.0.1", 42001)))
                .contains("bind 127.0.0.1\n", "cluster-announce-ip 127.0.0.1\n", "cluster-announce-port 42001\n");
        assertThat(config(null)).contains("bind 127.0.0.1\n").doesNotContain("cluster-announce");
    }
}
