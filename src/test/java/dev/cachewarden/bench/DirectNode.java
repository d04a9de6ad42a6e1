package dev.cachewarden.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The front's baseline: a redis-server of the binary cachewarden's nodes run, started by the
 * benchmark on a free loopback TLS port with the very certificate and key of the cache's node (so
 * the same curve and chain), clients not asked for certificates, and the same password user.
 * Nothing is between the client and it: what the front adds is the difference.
 */
final class DirectNode {
    private DirectNode() {}

    static ServerProcess start(BenchContext ctx, Path nodeDir, Path ca, String user, String password)
            throws IOException, InterruptedException {
        String binary = BenchContext.onPath("redis-server");
        if (binary == null) {
            throw new IOException("no redis-server on PATH for the direct baseline");
        }
        Path dir = Files.createDirectories(ctx.workDir.resolve("front-direct-data"));
        int port = ServerProcess.freePort();
        // Persistence as a cache node's by default (AOF written before each reply, engine/node/NodeConfig),
        // so that the front alone differs.
        String conf = "bind 127.0.0.1\nprotected-mode no\ndaemonize no\nsave \"\"\nappendonly yes\nappendfsync no\n"
                + "dir \"" + dir.toAbsolutePath() + "\"\n"
                + "port 0\ntls-port " + port + "\n"
                + "tls-cert-file \"" + nodeDir.resolve("node.crt").toAbsolutePath() + "\"\n"
                + "tls-key-file \"" + nodeDir.resolve("node.key").toAbsolutePath() + "\"\n"
                + "tls-ca-cert-file \"" + ca.toAbsolutePath() + "\"\n"
                + "tls-auth-clients no\n"
                + "user default off resetpass -@all\n"
                + "user " + user + " on >" + password + " ~* &* +@all\n";
        Path file = dir.resolve("redis.conf");
        Files.writeString(file, conf);
        ServerProcess server = ServerProcess.start("redis-server (direct)", List.of(binary, file.toString()), Map.of(),
                port, ctx.workDir.resolve("front-direct.log"));
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            try (RespClient c = RespClient.connect(port, ca)) {
                c.call("AUTH", user, password);
                return server;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    server.close();
                    throw new IOException("the direct redis-server did not answer on " + port + ": " + e.getMessage());
                }
                Thread.sleep(20);
            }
        }
    }
}
