package dev.cachewarden.engine.node;

import java.nio.file.Path;

/**
 * A node's redis.conf. The node daemonizes (its own session, apart from cachewarden) and keeps an
 * append-only file in its directory, written before every reply: a node killed or restarted reloads every
 * write it acknowledged before it answers anyone (see README, "What survives what"); fsynced before every
 * reply too when the server runs with {@code --durability power-loss}. The node listens where no client can reach it: a unix socket (mode 0700, in
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
        return of(dir, socket, tlsPort, cert, admin, primaryPort, null, AofFsync.NO);
    }

    /**
     * A cluster-mode node's part: the cluster bus on its own private port, over TLS with the same CA, and
     * the address every node announces for itself being the front's port for it, so CLUSTER SLOTS,
     * SHARDS, NODES and MOVED/ASK redirections name endpoints clients can reach.
     *
     * @param busPort the node's private cluster bus port
     * @param announcedHost the front's address for the node (127.0.0.1, or its own in a group made with a
     *     Port); peers reach the bus there too, so the node listens on it beside 127.0.0.1
     * @param announcedPort the front's published port for the node
     */
    record Cluster(int busPort, String announcedHost, int announcedPort) {}

    static String of(Path dir, Path socket, int tlsPort, CertificateAuthority.NodeCertificate cert,
                     AdminCredentials admin, Integer primaryPort, Cluster cluster, AofFsync fsync) {
        StringBuilder c = new StringBuilder();
        c.append("# Written by cachewarden; rewritten at every start.\n");
        c.append("bind 127.0.0.1");
        if (cluster != null && !cluster.announcedHost().equals("127.0.0.1")) {
            c.append(' ').append(cluster.announcedHost()); // the bus, where peers dial the announced address
        }
        c.append('\n');
        c.append("protected-mode no\n");
        c.append("daemonize yes\n");
        c.append("dir \"").append(dir.toAbsolutePath()).append("\"\n");
        c.append("pidfile \"").append(dir.toAbsolutePath().resolve("redis.pid")).append("\"\n");
        c.append("logfile \"").append(dir.toAbsolutePath().resolve("redis.log")).append("\"\n");
        // The AOF, written before each reply (docs/caches.md). Not "everysec": while its background fsync is
        // slow, Redis postpones the write itself for up to 2 s and still replies, and a kill -9 then lost 86
        // acknowledged writes (PrimaryCrashIT, on a loaded CI machine). "no" writes before every reply and
        // leaves the flush to the kernel; "always" also fsyncs first (power loss), at about half the throughput.
        c.append("save \"\"\nappendonly yes\nappendfsync ").append(fsync.redisValue()).append('\n');
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
        // The socket's accept queue too: the front connects every client's connection to it, and a burst
        // beyond redis's 511 was refused at once (EAGAIN); the front's own is 1,024.
        c.append("tcp-backlog 1024\n");
        // Replication needs TCP: a loopback TLS port that admits only certificates of cachewarden's CA.
        c.append("tls-port ").append(tlsPort).append('\n');
        c.append("tls-cert-file \"").append(cert.certificate()).append("\"\n");
        c.append("tls-key-file \"").append(cert.key()).append("\"\n");
        c.append("tls-ca-cert-file \"").append(cert.caCertificate()).append("\"\n");
        c.append("tls-auth-clients yes\n");
        c.append("tls-replication yes\n");
        // A replica created, added or restarted (a new group, IncreaseReplicaCount, a failover's old primary
        // returning, an engine upgrade) gets its first sync at once, not after redis's default 5 s wait for
        // more replicas: a new two-node group was available 5 s later for nothing.
        c.append("repl-diskless-sync-delay 0\n");
        if (cluster != null) {
            c.append("cluster-enabled yes\n");
            c.append("cluster-config-file \"").append(dir.toAbsolutePath().resolve("nodes.conf")).append("\"\n");
            c.append("cluster-port ").append(cluster.busPort()).append('\n');
            c.append("tls-cluster yes\n");
            // Short enough that a shard's replica takes over within seconds of its primary's death.
            c.append("cluster-node-timeout 5000\n");
            // ElastiCache's default: a shard down does not take the other shards' slots down with it.
            c.append("cluster-require-full-coverage no\n");
            // A master emptied by a scale-in must stay a master until cachewarden forgets and stops it; it
            // would otherwise turn replica mid-reshard and refuse the last SETSLOT.
            c.append("cluster-allow-replica-migration no\n");
            c.append("cluster-announce-ip ").append(cluster.announcedHost()).append('\n');
            // Clients reach the node through the front, over TLS or not; both announced ports are the front's.
            c.append("cluster-announce-port ").append(cluster.announcedPort()).append('\n');
            c.append("cluster-announce-tls-port ").append(cluster.announcedPort()).append('\n');
            c.append("cluster-announce-bus-port ").append(cluster.busPort()).append('\n');
            // The bus port is private: replicas' and peers' links carry the CA's client certificate.
            c.append("masteruser ").append(AdminCredentials.USER_NAME).append('\n');
            c.append("masterauth \"").append(admin.password()).append("\"\n");
            c.append("replica-read-only yes\n");
        } else if (primaryPort != null) {
            c.append("replicaof 127.0.0.1 ").append(primaryPort).append('\n');
            c.append("masteruser ").append(AdminCredentials.USER_NAME).append('\n');
            c.append("masterauth \"").append(admin.password()).append("\"\n");
            c.append("replica-read-only yes\n");
        }
        return c.toString();
    }
}
