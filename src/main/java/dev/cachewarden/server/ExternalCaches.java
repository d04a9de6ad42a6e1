package dev.cachewarden.server;

import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.engine.node.ExternalAccess;
import dev.cachewarden.secrets.SecretFiles;
import dev.cachewarden.store.Store;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Existing Redis servers that cachewarden administers as replication groups, listed in a properties
 * file ({@code --external-caches}); see docs/caches.md. Each key is {@code <replication-group-id>.<field>}:
 * <pre>
 * legacy.nodes = 10.0.0.5:6379, 10.0.0.6:6379      # the primary first, then its replicas
 * legacy.tls = true                                 # whether the nodes serve TLS (RBAC needs it)
 * legacy.ca-certificate = /etc/redis/ca.crt         # optional; default: the JDK's trusted CAs
 * legacy.admin-user = ops-admin                     # an ACL user allowed ACL SETUSER/DELUSER/GETUSER/LIST
 * legacy.admin-password-file = /etc/cachewarden/legacy.password
 * legacy.engine = redis                             # optional: redis (default) or valkey
 * legacy.engine-version = 7.0                       # optional, answered in DescribeCacheClusters
 * legacy.description = staging Redis                # optional
 * legacy.front = true                               # optional: serve it through cachewarden's front (IAM users)
 * legacy.front-ports = 7100, 7101                   # optional: the front's ports, one per node (default: chosen, kept)
 * legacy.front-bind = 10.0.0.9                      # optional: where the front listens (default 127.0.0.1)
 * </pre>
 * With a front, the published endpoints are the front's (its bind address, TLS with cachewarden's CA when the
 * nodes have TLS), which relays to the nodes; the nodes themselves stay reachable as before.
 */
public final class ExternalCaches {
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    /**
     * @param nodes the servers themselves, the primary first
     * @param front whether cachewarden's front serves this cache's endpoints
     * @param frontPorts the front's ports, one per node, in the nodes' order; empty: chosen at the first
     *     start and kept in the store
     * @param frontBind the address the front listens on and publishes (an IP literal; 127.0.0.1 by default)
     */
    public record ExternalCache(String replicationGroupId, String description, Engine engine, String engineVersion,
                                boolean tls, List<CacheNode> nodes, ExternalAccess access, boolean front,
                                List<Integer> frontPorts, String frontBind) {
        public ExternalCache {
            nodes = List.copyOf(nodes);
            frontPorts = List.copyOf(frontPorts);
        }
    }

    /** The fields an entry may have; any other is a typo the start reports. */
    private static final java.util.Set<String> FIELDS = java.util.Set.of("nodes", "tls", "ca-certificate",
            "admin-user", "admin-password-file", "engine", "engine-version", "description", "front", "front-ports", "front-bind");

    private ExternalCaches() {}

    public static List<ExternalCache> read(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the external caches file " + file, e);
        }
        TreeSet<String> ids = new TreeSet<>();
        for (String key : p.stringPropertyNames()) {
            int dot = key.indexOf('.');
            if (dot <= 0) {
                throw invalid(file, "key '" + key + "' is not <replication-group-id>.<field>");
            }
            ids.add(key.substring(0, dot));
        }
        List<ExternalCache> caches = new ArrayList<>();
        for (String id : ids) {
            if (!ID.matcher(id).matches() || id.length() > 40) {
                throw invalid(file, "'" + id + "' is not a valid replication group id (lowercase letters, digits, "
                        + "single hyphens, at most 40)");
            }
            Map<String, String> f = new LinkedHashMap<>();
            for (String key : p.stringPropertyNames()) {
                if (key.startsWith(id + ".")) {
                    f.put(key.substring(id.length() + 1), p.getProperty(key).trim());
                }
            }
            caches.add(parse(file, id, f));
        }
        return caches;
    }

    private static ExternalCache parse(Path file, String id, Map<String, String> f) {
        for (String field : f.keySet()) {
            if (!FIELDS.contains(field)) {
                throw invalid(file, "unknown field " + id + "." + field + " (known: " + new TreeSet<>(FIELDS) + ")");
            }
        }
        String nodesText = require(file, id, f, "nodes");
        List<CacheNode> nodes = new ArrayList<>();
        int n = 1;
        for (String hostPort : nodesText.split(",")) {
            String hp = hostPort.trim();
            int colon = hp.lastIndexOf(':');
            if (colon <= 0) {
                throw invalid(file, id + ".nodes: '" + hp + "' is not host:port");
            }
            int port;
            try {
                port = Integer.parseInt(hp.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw invalid(file, id + ".nodes: '" + hp + "' has no valid port");
            }
            nodes.add(new CacheNode(id + String.format(Locale.ROOT, "-%03d", n), hp.substring(0, colon), port, n == 1));
            n++;
        }
        String passwordFile = require(file, id, f, "admin-password-file");
        String password;
        try {
            // A secret file like any other: refused when group or others may read it.
            password = SecretFiles.read(Path.of(passwordFile)).trim();
        } catch (IOException e) {
            throw invalid(file, id + ".admin-password-file: " + e.getMessage());
        }
        Engine engine = Engine.parse(f.getOrDefault("engine", "redis"))
                .orElseThrow(() -> invalid(file, id + ".engine must be redis or valkey"));
        String ca = f.get("ca-certificate");
        boolean tls = bool(file, id, f, "tls");
        List<Integer> frontPorts = frontPorts(file, id, f, nodes.size());
        // Either front field alone asks for a front; with front = false they contradict it.
        boolean front = f.containsKey("front") ? bool(file, id, f, "front")
                : !frontPorts.isEmpty() || f.containsKey("front-bind");
        for (String field : List.of("front-ports", "front-bind")) {
            if (!front && f.containsKey(field)) {
                throw invalid(file, id + "." + field + " is set but " + id + ".front is false");
            }
        }
        String frontBind = frontBind(file, id, f);
        Map<String, ExternalAccess.Server> servers = new LinkedHashMap<>();
        nodes.forEach(node -> servers.put(node.cacheClusterId(), new ExternalAccess.Server(node.host(), node.port())));
        return new ExternalCache(id, f.getOrDefault("description", "external cache " + id), engine,
                f.getOrDefault("engine-version", "7.0"), tls, nodes,
                new ExternalAccess(require(file, id, f, "admin-user"), password, ca == null ? null : Path.of(ca), servers),
                front, frontPorts, frontBind);
    }

    /** One address, given as an IP literal (never looked up): the front publishes it as the endpoints' Address. */
    private static String frontBind(Path file, String id, Map<String, String> f) {
        String text = f.getOrDefault("front-bind", CacheNode.LOOPBACK);
        if (!text.matches("[0-9A-Fa-f:.]+")) {
            throw invalid(file, id + ".front-bind must be an IP address, not '" + text + "'");
        }
        try {
            java.net.InetAddress address = java.net.InetAddress.getByName(text);
            if (address.isAnyLocalAddress()) {
                throw invalid(file, id + ".front-bind must be one address, which the endpoints publish, not " + text);
            }
            return address.getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw invalid(file, id + ".front-bind must be an IP address, not '" + text + "'");
        }
    }

    private static boolean bool(Path file, String id, Map<String, String> f, String field) {
        String v = f.getOrDefault(field, "false").toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw invalid(file, id + "." + field + " must be true or false, not '" + f.get(field) + "'");
        }
        return v.equals("true");
    }

    private static List<Integer> frontPorts(Path file, String id, Map<String, String> f, int nodes) {
        String text = f.get("front-ports");
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        List<Integer> ports = new ArrayList<>();
        for (String part : text.split(",")) {
            int port;
            try {
                port = Integer.parseInt(part.trim());
            } catch (NumberFormatException e) {
                throw invalid(file, id + ".front-ports: '" + part.trim() + "' is not a port");
            }
            if (port < 1 || port > 65535 || ports.contains(port)) {
                throw invalid(file, id + ".front-ports: " + port + (ports.contains(port) ? " is listed twice"
                        : " is not a port (1-65535)"));
            }
            ports.add(port);
        }
        if (ports.size() != nodes) {
            throw invalid(file, id + ".front-ports lists " + ports.size() + " port(s) for " + nodes
                    + " node(s): one per node, in the order of " + id + ".nodes");
        }
        return ports;
    }

    /**
     * Adds the listed caches to the store (as available, no user group) or updates their nodes, and
     * returns the nodes each publishes, by replication group id: the servers themselves, or with a
     * front the front's loopback ports (those listed, else the ones chosen at an earlier start, else
     * free ones, kept from then on).
     */
    static Map<String, List<CacheNode>> register(Store store, List<ExternalCache> caches, long nowMillis) {
        Map<String, List<CacheNode>> published = new LinkedHashMap<>();
        java.util.Set<Integer> chosen = new java.util.HashSet<>();
        for (ExternalCache c : caches) {
            store.inTransaction(tx -> {
                var existing = tx.replicationGroups().find(c.replicationGroupId(), true);
                if (existing.isPresent() && !existing.get().external()) {
                    throw new IllegalStateException("external cache " + c.replicationGroupId()
                            + " has the id of a replication group cachewarden runs; rename one of them");
                }
                List<CacheNode> nodes = c.front() ? frontNodes(tx, c, existing.map(ReplicationGroup::nodes)
                        .orElse(List.of()), chosen) : c.nodes();
                if (existing.isPresent()) {
                    tx.replicationGroups().replaceNodes(c.replicationGroupId(), nodes);
                } else {
                    tx.replicationGroups().insert(new ReplicationGroup(c.replicationGroupId(), c.description(),
                            c.engine(), c.engineVersion(), CacheStatus.AVAILABLE, c.tls(), null, List.of(), null,
                            nodes, nowMillis, true, 0));
                }
                published.put(c.replicationGroupId(), nodes);
                return null;
            });
        }
        return published;
    }

    /** The front's endpoint for each node: on its bind address, at a port no other stored node publishes. */
    private static List<CacheNode> frontNodes(dev.cachewarden.store.Transaction tx, ExternalCache c,
                                              List<CacheNode> stored, java.util.Set<Integer> chosen) {
        Map<Integer, String> taken = new java.util.HashMap<>();
        for (ReplicationGroup g : tx.replicationGroups().all()) {
            if (!g.replicationGroupId().equals(c.replicationGroupId())) {
                g.nodes().forEach(n -> taken.put(n.port(), g.replicationGroupId()));
            }
        }
        for (var serverless : tx.serverlessCaches().all()) {
            taken.put(serverless.endpointPort(), serverless.serverlessCacheName());
            taken.put(serverless.readerEndpointPort(), serverless.serverlessCacheName());
        }
        List<CacheNode> nodes = new ArrayList<>();
        for (int i = 0; i < c.nodes().size(); i++) {
            CacheNode server = c.nodes().get(i);
            int port;
            if (!c.frontPorts().isEmpty()) {
                port = c.frontPorts().get(i);
                if (taken.containsKey(port) || chosen.contains(port)) {
                    throw new IllegalStateException("external cache " + c.replicationGroupId() + ": front port "
                            + port + " is already published by " + taken.getOrDefault(port, "another external cache"));
                }
            } else {
                port = stored.stream().filter(n -> n.cacheClusterId().equals(server.cacheClusterId())
                        && n.host().equals(c.frontBind()) && isFrontPort(n, c.nodes()))
                        .map(CacheNode::port).filter(p -> !taken.containsKey(p) && !chosen.contains(p))
                        .findFirst().orElseGet(() -> {
                            java.util.Set<Integer> avoid = new java.util.HashSet<>(taken.keySet());
                            avoid.addAll(chosen);
                            c.nodes().forEach(n -> avoid.add(n.port()));
                            return dev.cachewarden.engine.node.Ports.free(avoid);
                        });
            }
            chosen.add(port);
            nodes.add(new CacheNode(server.cacheClusterId(), c.frontBind(), port, server.primary()));
        }
        return nodes;
    }

    /** A stored endpoint that is none of the servers' own addresses was the front's. */
    private static boolean isFrontPort(CacheNode stored, List<CacheNode> servers) {
        return servers.stream().noneMatch(s -> s.host().equals(stored.host()) && s.port() == stored.port());
    }

    private static String require(Path file, String id, Map<String, String> f, String field) {
        String v = f.get(field);
        if (v == null || v.isEmpty()) {
            throw invalid(file, id + "." + field + " is required");
        }
        return v;
    }

    private static IllegalArgumentException invalid(Path file, String message) {
        return new IllegalArgumentException("external caches file " + file + ": " + message);
    }
}
