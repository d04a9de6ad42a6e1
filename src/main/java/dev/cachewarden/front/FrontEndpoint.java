package dev.cachewarden.front;

import java.net.SocketAddress;
import java.nio.file.Path;

/**
 * One published endpoint: the loopback {@code port} clients use, the certificate the front presents
 * there (null for a cache without TLS), and where the node really listens ({@code upstream}, a unix
 * domain socket only cachewarden can reach).
 */
public record FrontEndpoint(FrontTarget target, int port, Path certificate, Path key, SocketAddress upstream) {
    public boolean tls() {
        return certificate != null;
    }
}
