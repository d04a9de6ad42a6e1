package dev.cachewarden.front;

import static org.awaitility.Awaitility.await;

import dev.cachewarden.engine.node.Ports;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real redis-server on a private unix socket and a {@link FrontServer} in front of it on a free
 * loopback port (plaintext), with the front's default limits unless a test shortens one; every
 * AUTH passes through. For the bad-input tests: each starts one, throws garbage at it, and checks the
 * front is still up and a normal client still works.
 */
final class NodeBehindFront implements AutoCloseable {
    final Process redis;
    final FrontServer front;
    final int port;

    /** The CA whose certificate a TLS front presents; null for a plaintext front. */
    final Path ca;

    /** The node's unix socket (its admin's way in: {@link NodeAdmin}). */
    final Path socket;

    private static final List<List<String>> USERS = List.of(List.of("default", "on", "nopass", "~*", "+@all"),
            List.of("alice", "on", ">alice-password-0001", "~*", "+@all"));

    NodeBehindFront(Path dir, FrontLimits limits) throws Exception {
        this(dir, limits, false);
    }

    NodeBehindFront(Path dir, FrontLimits limits, boolean tls) throws Exception {
        this(dir, limits, tls, USERS);
    }

    /**
     * A plaintext front on one event loop before a node with {@code users} (each redis-server
     * {@code --user} rules: the name, then its rules): node connections are kept and shared per loop,
     * so there every client lands where the others are.
     */
    static NodeBehindFront oneLoop(Path dir, List<List<String>> users) throws Exception {
        String before = System.setProperty("cachewarden.front.eventLoops", "1");
        try {
            return new NodeBehindFront(dir, new FrontLimits(Duration.ofSeconds(5), 1 << 20), false, users);
        } finally {
            if (before == null) {
                System.clearProperty("cachewarden.front.eventLoops");
            } else {
                System.setProperty("cachewarden.front.eventLoops", before);
            }
        }
    }

    private NodeBehindFront(Path dir, FrontLimits limits, boolean tls, List<List<String>> users) throws Exception {
        socket = dir.resolve("redis.sock");
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", "0", "--unixsocket",
                socket.toString(), "--unixsocketperm", "700", "--save", "", "--appendonly", "no", "--dir",
                dir.toString()));
        for (List<String> user : users) {
            command.add("--user");
            command.addAll(user);
        }
        redis = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(socket));
        front = new FrontServer(new PassThroughAuthenticator(), limits);
        port = Ports.free(List.of());
        dev.cachewarden.engine.node.CertificateAuthority.NodeCertificate cert = tls
                ? dev.cachewarden.engine.node.CertificateAuthority.loadOrCreate(dir.resolve("ca"))
                        .nodeCertificate(dir.resolve("front-cert"), "front") : null;
        ca = cert == null ? null : cert.caCertificate();
        front.serve(new FrontEndpoint(new FrontTarget("c1", false, EndpointKind.NODE, "c1-001"), port,
                cert == null ? null : cert.certificate(), cert == null ? null : cert.key(),
                UnixDomainSocketAddress.of(socket)));
    }

    /** Asserts that a new client is served normally and the listener is up. */
    void stillServes() throws Exception {
        if (!front.serving(port)) {
            throw new AssertionError("the front stopped listening on " + port);
        }
        try (RawClient c = client()) {
            c.command("SET", "probe", "ok");
            c.command("GET", "probe");
            List<String> replies = c.read(2);
            if (!replies.equals(List.of("+OK", "$2", "ok"))) {
                throw new AssertionError("a normal client got " + replies);
            }
        }
        if (!redis.isAlive()) {
            throw new AssertionError("the node died");
        }
    }

    /** A client of the front, over TLS when the front serves TLS. */
    RawClient client() throws Exception {
        return ca == null ? new RawClient(port) : RawClient.tls(port, ca);
    }

    /** Waits until the front holds no client connection (those the test opened were all closed). */
    void drained() {
        await().atMost(Duration.ofSeconds(30)).until(() -> front.connections(port) == 0);
    }

    /** Heap in use after a collection, plus direct buffers: what the process holds for its connections. */
    static long usedMemory() {
        long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
        long heap = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Runtime rt = Runtime.getRuntime();
            heap = Math.min(heap, rt.totalMemory() - rt.freeMemory());
        }
        // Netty may allocate direct memory the JDK does not count (without a Cleaner); it counts that itself.
        long netty = Math.max(0, io.netty.util.internal.PlatformDependent.usedDirectMemory());
        return heap + direct + netty;
    }

    @Override
    public void close() throws Exception {
        front.close();
        redis.destroy();
        redis.waitFor();
    }
}
