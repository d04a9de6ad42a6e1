package dev.cachewarden.engine;

import java.nio.file.Path;

/**
 * A node's redis.conf. The node daemonizes (its own session, apart from cachewarden) and keeps an
 * append-only file in its directory, fsynced every second: a node killed or restarted reloads every
 * write it acknowledged before it answers anyone (see README, "What survives what"). The node listens where no client can reach it: a unix socket (mode 0700, in
 * the node's private directory) for the front, and a loopback TLS port with {@code tls-auth-clients
 * yes}, so only holders of a certificate signed by cachewarden's CA (replicas, the management
 * connection) get in; replication runs over it. No plain TCP port at all.
 */
final class NodeConfig {
    private NodeConfig() {}

    /**
     * @param tlsPort the node's private TLS port
     * @param primaryPort the private TLS port of the primary to replicate from; null for a primary
     */
    static String of(Path dir, Path socket, int tlsPort, CertificateAuthority.NodeCertificate cert,
                     AdminCredentials admin, Integer primaryPort) {
        StringBuilder c = new StringBuilder();
        c.append("# Written by cachewarden; rewritten at every start.\n");
        c.append("bind 127.0.0.1\n");
        c.append("protected-mode no\n");
        c.append("daemonize yes\n");
        c.append("dir \"").append(dir.toAbsolutePath()).append("\"\n");
        c.append("pidfile \"").append(dir.toAbsolutePath().resolve("redis.pid")).append("\"\n");
        c.append("logfile \"").append(dir.toAbsolutePath().resolve("redis.log")).append("\"\n");
        // AOF, fsync each second: as fast as no persistence here (docs/caches.md); "always" halves throughput.
        c.append("save \"\"\nappendonly yes\nappendfsync everysec\n");
        // ElastiCache's default for acl-pubsub-default, so access strings without & rules allow all channels.
        c.append("acl-pubsub-default allchannels\n");
        c.append("user ").append(AdminCredentials.USER_NAME).append(" on #").append(admin.hash().sha256Hex())
                .append(" ~* &* +@all\n");
        // Nobody gets in as default until cachewarden has applied the cache's ACL.
        c.append("user default off resetpass -@all\n");
        // Clients come through the front, on this socket; no plain TCP port at all.
        c.append("port 0\n");
        c.append("unixsocket \"").append(socket).append("\"\n");
        c.append("unixsocketperm 700\n");
        // Replication needs TCP: a loopback TLS port that admits only certificates of cachewarden's CA.
        c.append("tls-port ").append(tlsPort).append('\n');
        c.append("tls-cert-file \"").append(cert.certificate()).append("\"\n");
        c.append("tls-key-file \"").append(cert.key()).append("\"\n");
        c.append("tls-ca-cert-file \"").append(cert.caCertificate()).append("\"\n");
        c.append("tls-auth-clients yes\n");
        c.append("tls-replication yes\n");
        if (primaryPort != null) {
            c.append("replicaof 127.0.0.1 ").append(primaryPort).append('\n');
            c.append("masteruser ").append(AdminCredentials.USER_NAME).append('\n');
            c.append("masterauth \"").append(admin.password()).append("\"\n");
            c.append("replica-read-only yes\n");
        }
        return c.toString();
    }
}
