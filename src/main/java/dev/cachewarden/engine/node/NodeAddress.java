package dev.cachewarden.engine.node;

/**
 * Where a node listens, and whether it speaks TLS; {@code label} names it in logs (its cache cluster
 * id). {@code access} is null for nodes cachewarden runs; an external node brings its own.
 */
public record NodeAddress(String label, String host, int port, boolean tls, ExternalAccess access) {
    public NodeAddress(String label, String host, int port, boolean tls) {
        this(label, host, port, tls, null);
    }

    /** The ACL user cachewarden administers this node as, which it never changes or deletes. */
    public String adminUser() {
        return access == null ? AdminCredentials.USER_NAME : access.adminUser();
    }

    @Override
    public String toString() {
        return label + "@" + host + ":" + port + (tls ? " (tls)" : "");
    }
}
