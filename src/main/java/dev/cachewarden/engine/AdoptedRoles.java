package dev.cachewarden.engine;

import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.engine.node.NodeAddress;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After adoption, each adopted node of a replication group is asked its role, and the store's word
 * wins: a node stored as a replica that answers as a primary, or replicates from another node than its
 * stored primary, is told {@code REPLICAOF} the stored primary. That disagreement is what a kill of
 * cachewarden in the middle of a failover leaves (the replica was promoted, or the others not yet
 * repointed, before the store recorded it): the front only ever sends writes to the stored primary, so
 * the stray primary took none, and leaving it would mean two primaries. It is repointed rather than
 * restarted so that it keeps its data until it has synchronised (if the stored primary is dead too, it
 * stays a candidate for promotion with everything it had copied).
 */
public final class AdoptedRoles {
    private static final Logger log = LoggerFactory.getLogger(AdoptedRoles.class);

    private final CacheEngine engine;
    private final NodeConnector connector;

    public AdoptedRoles(CacheEngine engine, NodeConnector connector) {
        this.engine = engine;
        this.connector = connector;
    }

    /** Repairs the roles of the adopted nodes of {@code groups}; returns the nodes repointed. */
    public List<String> repair(Collection<ReplicationGroup> groups, Collection<String> adopted) {
        List<Runnable> work = new java.util.ArrayList<>();
        List<String> repointed = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (ReplicationGroup g : groups) {
            if (g.external() || g.nodes().size() < 2) {
                continue;
            }
            String primary = g.primary().cacheClusterId();
            for (CacheNode node : g.replicas()) {
                String id = node.cacheClusterId();
                if (!adopted.contains(id)) {
                    continue; // started afresh by the reconciler with the stored role
                }
                work.add(() -> {
                    if (repoint(g, id, primary)) {
                        repointed.add(id);
                    }
                });
            }
        }
        try {
            engine.inParallel(work);
        } catch (RuntimeException e) {
            log.warn("checking the roles of adopted nodes: {}", e.getMessage());
        }
        return List.copyOf(repointed);
    }

    private boolean repoint(ReplicationGroup g, String id, String primary) {
        int primaryPort = engine.supervisor().layout().internalPort(primary);
        NodeAddress address = engine.supervisor().managementAddress(id);
        return connector.withSession(address, s -> {
            String info = s.info("replication");
            boolean replica = info.contains("role:slave");
            boolean ofPrimary = info.contains("master_port:" + primaryPort + "\r") || info.contains("master_port:"
                    + primaryPort + "\n");
            if (replica && ofPrimary) {
                return false;
            }
            log.warn("node {} of {} answers as {} though stored as a replica of {}: told REPLICAOF {}", id,
                    g.replicationGroupId(), replica ? "a replica of another node" : "a primary", primary, primary);
            s.replicaOf(CacheNode.LOOPBACK, primaryPort);
            engine.supervisor().runsAs(CacheEngine.spec(g, g.nodes().stream()
                    .filter(n -> n.cacheClusterId().equals(id)).findFirst().orElseThrow()));
            return true;
        });
    }
}
