package dev.cachewarden.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Cluster-mode nodes' private cluster bus ports: each chosen once and kept in the node's directory, so
 * that its peers, which remember it in their nodes.conf, find it again after a restart.
 */
final class ClusterBusPorts {
    private static final String FILE = "cluster-bus.port";
    private final Map<String, Integer> ports = new ConcurrentHashMap<>();

    /** @param taken ports a new choice must avoid (besides the bus ports already chosen) */
    int of(String cacheClusterId, Path nodeDir, Supplier<Collection<Integer>> taken) {
        return ports.computeIfAbsent(cacheClusterId, id -> {
            Path file = nodeDir.resolve(FILE);
            try {
                if (Files.exists(file)) {
                    return Integer.parseInt(Files.readString(file).trim());
                }
                List<Integer> avoid = new ArrayList<>(taken.get());
                avoid.addAll(ports.values());
                int port = Ports.free(avoid);
                Files.createDirectories(nodeDir);
                dev.cachewarden.secrets.SecretFiles.write(file, Integer.toString(port));
                return port;
            } catch (IOException | NumberFormatException e) {
                throw new IllegalStateException("cannot choose the cluster bus port of node " + id, e);
            }
        });
    }

    void forget(String cacheClusterId) {
        ports.remove(cacheClusterId);
    }
}
