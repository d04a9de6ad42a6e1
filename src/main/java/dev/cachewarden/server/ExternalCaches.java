package dev.cachewarden.server;

import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.engine.ExternalAccess;
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
 * </pre>
 */
public final class ExternalCaches {
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    public record ExternalCache(String replicationGroupId, String description, Engine engine, String engineVersion,
                                boolean tls, List<CacheNode> nodes, ExternalAccess access) {}

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
        return new ExternalCache(id, f.getOrDefault("description", "external cache " + id), engine,
                f.getOrDefault("engine-version", "7.0"), Boolean.parseBoolean(f.getOrDefault("tls", "false")),
                nodes, new ExternalAccess(require(file, id, f, "admin-user"), password, ca == null ? null : Path.of(ca)));
    }

    /** Adds the listed caches to the store (as available, no user group) or updates their nodes. */
    static void register(Store store, List<ExternalCache> caches, long nowMillis) {
        for (ExternalCache c : caches) {
            store.inTransaction(tx -> {
                var existing = tx.replicationGroups().find(c.replicationGroupId(), true);
                if (existing.isPresent()) {
                    if (!existing.get().external()) {
                        throw new IllegalStateException("external cache " + c.replicationGroupId()
                                + " has the id of a replication group cachewarden runs; rename one of them");
                    }
                    tx.replicationGroups().replaceNodes(c.replicationGroupId(), c.nodes());
                } else {
                    tx.replicationGroups().insert(new ReplicationGroup(c.replicationGroupId(), c.description(),
                            c.engine(), c.engineVersion(), CacheStatus.AVAILABLE, c.tls(), null, List.of(), null,
                            c.nodes(), nowMillis, true, 0));
                }
                return null;
            });
        }
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
