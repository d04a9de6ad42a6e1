package dev.cachewarden.engine.node;

import dev.cachewarden.domain.CacheNode;
import java.nio.file.Path;
import java.util.Map;

/**
 * How cachewarden reaches an external cache's nodes: the admin ACL user and password it uses, and the
 * CA certificate that signed the nodes' TLS certificates (null: the JDK's trusted CAs).
 *
 * @param servers where each node really listens, by cache cluster id, when that differs from the
 *     endpoint the API publishes (a cache served through cachewarden's front publishes the front's
 *     port); a node not listed is reached at its published endpoint
 */
public record ExternalAccess(String adminUser, String adminPassword, Path caCertificate, Map<String, Server> servers) {
    /** An external node's own address. */
    public record Server(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    public ExternalAccess {
        servers = Map.copyOf(servers);
    }

    public ExternalAccess(String adminUser, String adminPassword, Path caCertificate) {
        this(adminUser, adminPassword, caCertificate, Map.of());
    }

    /** Where cachewarden administers {@code node}: the server itself, never the front in front of it. */
    public NodeAddress address(CacheNode node, boolean tls) {
        Server server = servers.get(node.cacheClusterId());
        return server == null ? new NodeAddress(node.cacheClusterId(), node.host(), node.port(), tls, this)
                : new NodeAddress(node.cacheClusterId(), server.host(), server.port(), tls, this);
    }

    @Override
    public String toString() {
        return "ExternalAccess[" + adminUser + ", ca=" + caCertificate + ", servers=" + servers + "]";
    }
}
