package dev.cachewarden.engine.cluster;

import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.ClusterMode;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.engine.CacheEngine;
import dev.cachewarden.engine.NodeSession;
import dev.cachewarden.engine.node.NodeSupervisor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A ClusterMode conversion made real on the nodes (AWS's "Modifying cluster mode"). disabled →
 * compatible: the replicas are stopped and emptied first (a cluster node refuses REPLICAOF, so they
 * cannot follow the old primary, and with their old keys they would claim slots of their own), the
 * group is stored as one shard holding slots 0-16383, then the primary is restarted in place with
 * {@code cluster-enabled yes}: it reloads its append-only file (flushed on its SIGTERM shutdown) and
 * takes the slots of the keys it holds. The caller then starts the replicas as cluster nodes, applies
 * the ACL, and {@link ClusterFormation} meets them, gives the primary the remaining slots and attaches
 * each replica with CLUSTER REPLICATE (a full sync from the primary). compatible → enabled changes no
 * node: the nodes already are a Redis Cluster. Runs under the group's lock; a retry after a failure
 * finds the store already converted and only the caller's steps left. A primary holding keys outside
 * database 0 is not converted (a cluster node would merge them into database 0).
 */
final class ClusterModeConversion {
    private static final Logger log = LoggerFactory.getLogger(ClusterModeConversion.class);
    static final String ALL_SLOTS = "0-16383";

    private final ClusterContext context;
    private final CacheEngine engine;

    ClusterModeConversion(ClusterContext context) {
        this.context = context;
        this.engine = context.engine();
    }

    /** @return the group as stored after this step */
    ReplicationGroup convert(ReplicationGroup group) {
        ClusterMode target = group.pendingModes().clusterMode();
        if (target == null || group.external() || target == group.clusterMode()) {
            return group;
        }
        String id = group.replicationGroupId();
        if (target == ClusterMode.ENABLED) {
            context.store().inTransaction(tx -> {
                tx.replicationGroups().updateClusterMode(id, ClusterMode.ENABLED);
                return null;
            });
            log.info("cluster mode of {}: enabled", id);
            return context.reload(id);
        }
        NodeSupervisor supervisor = engine.supervisor();
        String otherDatabases = otherDatabases(group.primary());
        if (!otherDatabases.isEmpty()) {
            // A cluster node has database 0 only and would merge the others' keys into it: AWS converts a
            // cache only when every key is in database 0. Left as it is; completing clears the pending mode.
            log.warn("cluster mode of {} not changed: keys outside database 0 ({})", id, otherDatabases);
            return group;
        }
        for (CacheNode replica : group.replicas()) {
            supervisor.stop(replica.cacheClusterId(), false);
            emptyData(supervisor.layout().nodeDir(replica.cacheClusterId()));
            engine.applier().forget(replica.cacheClusterId());
        }
        context.store().inTransaction(tx -> {
            tx.replicationGroups().updateSlots(id, group.primary().nodeGroupId(), ALL_SLOTS);
            tx.replicationGroups().updateClusterMode(id, ClusterMode.COMPATIBLE);
            return null;
        });
        ReplicationGroup converted = context.reload(id);
        CacheNode primary = converted.primary();
        supervisor.stop(primary.cacheClusterId(), false);
        supervisor.ensureRunning(CacheEngine.spec(converted, primary));
        engine.applier().forget(primary.cacheClusterId());
        log.info("cluster mode of {}: primary {} restarted as a cluster node with its data; {} replica(s) to attach",
                id, primary.cacheClusterId(), converted.replicas().size());
        return converted;
    }

    /** The primary's INFO keyspace lines of databases other than 0 (empty when every key is in database 0). */
    private String otherDatabases(CacheNode primary) {
        try (NodeSession session = context.connector().open(context.address(primary.cacheClusterId()))) {
            return session.info("keyspace").lines().filter(l -> l.startsWith("db") && !l.startsWith("db0:"))
                    .map(String::strip).collect(java.util.stream.Collectors.joining(" "));
        }
    }

    /** A stopped node's keys and cluster state, so it starts empty and takes its data from the primary. */
    static void emptyData(Path dir) {
        try {
            for (String name : new String[] {"appendonlydir", "dump.rdb", "nodes.conf"}) {
                Path p = dir.resolve(name);
                if (Files.isDirectory(p)) {
                    try (Stream<Path> files = Files.walk(p)) {
                        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                            Files.delete(f);
                        }
                    }
                } else {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty " + dir, e);
        }
    }
}
