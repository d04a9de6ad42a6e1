package dev.cachewarden.engine.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Collection;

/**
 * Free loopback ports for new nodes.
 *
 * <p>A port chosen here is kept for the node's life and bound again at every restart, so it is taken
 * below the kernel's range for outgoing connections ({@code ip_local_port_range}, 32768–60999 by
 * default): a port from that range (what binding port 0 gives) can meanwhile become some client's local
 * port, and the node or its front then cannot listen on it again ("Address already in use").
 */
public final class Ports {
    /** Lowest port handed out: above the well-known and most registered services' ports. */
    static final int LOWEST = 10_000;
    private static final java.util.random.RandomGenerator RANDOM = new java.security.SecureRandom();

    private Ports() {}

    /** A port free on 127.0.0.1 now and not in {@code taken} (ports of stored nodes that may be down). */
    public static int free(Collection<Integer> taken) {
        int below = ephemeralLow();
        if (below - LOWEST >= 1_000) {
            for (int attempt = 0; attempt < 200; attempt++) {
                int port = LOWEST + RANDOM.nextInt(below - LOWEST);
                if (!taken.contains(port) && freeOn("127.0.0.1", port)) {
                    return port;
                }
            }
        }
        // An unusual range leaves no room below it: what the kernel gives for port 0.
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                if (!taken.contains(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("no free loopback port", e);
            }
        }
        throw new IllegalStateException("no free loopback port after 50 attempts");
    }

    /** The first port of the kernel's range for outgoing connections (32768 where it cannot be read). */
    static int ephemeralLow() {
        // Read as a stream: Files.readString gets one byte of a sysctl file (it trusts the size, 0, as a hint).
        try (var in = new java.io.BufferedReader(new java.io.FileReader("/proc/sys/net/ipv4/ip_local_port_range",
                java.nio.charset.StandardCharsets.US_ASCII))) {
            return Integer.parseInt(in.readLine().trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    /** Whether {@code host:port} can be bound now (a group's own loopback address, on the Port asked). */
    public static boolean freeOn(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as the front binds: a port in TIME_WAIT is free
            socket.bind(new java.net.InetSocketAddress(InetAddress.getByName(host), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether something accepts connections on the port (a node that was stopped must not). */
    public static boolean inUse(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
