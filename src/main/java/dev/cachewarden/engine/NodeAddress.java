package dev.cachewarden.engine;

/** Where a node listens, and whether it speaks TLS; {@code label} names it in logs (its cache cluster id). */
public record NodeAddress(String label, String host, int port, boolean tls) {
    @Override
    public String toString() {
        return label + "@" + host + ":" + port + (tls ? " (tls)" : "");
    }
}
