package dev.cachewarden.engine;

import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.NodeGroup;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.service.SlotRanges;
import io.lettuce.core.protocol.CommandType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes a cluster-mode group's nodes one Redis Cluster: every node meets the first over the private,
 * TLS cluster bus, each shard's primary takes its slots (CLUSTER ADDSLOTSRANGE), each replica follows
 * its shard's primary (CLUSTER REPLICATE), and it returns once every node reports the cluster ok with
 * every slot served. Idempotent: a cluster already formed is left alone (Redis Cluster's own failover
 * may have swapped a shard's roles since), and a step done before a retry is not repeated.
 */
final class ClusterFormation {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ClusterFormation.class);
    private static final long FORM_TIMEOUT_MILLIS = 20_000;

    private ClusterFormation() {}

    /** How a cluster-mode node runs: replicas name their shard's primary, though the cluster, not replicaof, sets it. */
    static NodeSpec spec(ReplicationGroup group, CacheNode node) {
        String primary = node.primary() ? null : group.nodeGroups().stream()
                .filter(s -> s.nodeGroupId().equals(node.nodeGroupId())).findFirst()
                .map(s -> s.primary().cacheClusterId()).orElse(null);
        return new NodeSpec(node.cacheClusterId(), node.port(), group.transitEncryption(), primary, true);
    }

    /** Every serving node, the shards' primaries first (the ConfigurationEndpoint relays to the first). */
    static List<NodeSpec> specs(ReplicationGroup group) {
        List<NodeSpec> primaries = new ArrayList<>();
        List<NodeSpec> replicas = new ArrayList<>();
        for (CacheNode node : group.servingNodes()) {
            (node.primary() ? primaries : replicas).add(spec(group, node));
        }
        primaries.addAll(replicas);
        return primaries;
    }

    static void form(ReplicationGroup group, NodeSupervisor supervisor, NodeConnector connector) {
        List<NodeSpec> specs = specs(group);
        Map<String, NodeAddress> addresses = new HashMap<>();
        specs.forEach(s -> addresses.put(s.cacheClusterId(), supervisor.managementAddress(s.cacheClusterId())));
        // One connection per node for the whole formation: the waits below poll every node many times.
        try (Sessions sessions = new Sessions(connector)) {
            if (formed(specs, addresses, sessions)) {
                return;
            }
            long started = System.currentTimeMillis();
            form(group, supervisor, specs, addresses, sessions);
            log.info("formed cluster {} of {} nodes in {} ms", group.replicationGroupId(), specs.size(),
                    System.currentTimeMillis() - started);
        }
    }

    private static void form(ReplicationGroup group, NodeSupervisor supervisor, List<NodeSpec> specs,
                             Map<String, NodeAddress> addresses, Sessions connector) {
        Map<String, String> ids = new HashMap<>();
        for (NodeSpec s : specs) {
            ids.put(s.cacheClusterId(), ask(connector, addresses.get(s.cacheClusterId()),
                    session -> session.command(c -> c.clusterMyId())));
        }
        NodeAddress first = addresses.get(specs.get(0).cacheClusterId());
        String known = ask(connector, first, session -> session.command(c -> c.clusterNodes()));
        for (NodeSpec s : specs.subList(1, specs.size())) {
            if (!known.contains(ids.get(s.cacheClusterId()))) {
                ask(connector, first, session -> session.raw(CommandType.CLUSTER, "MEET", CacheNode.LOOPBACK,
                        s.port(), supervisor.clusterBusPort(s.cacheClusterId())));
            }
        }
        await("every node knows every other", () -> specs.stream().allMatch(s -> {
            String nodes = ask(connector, addresses.get(s.cacheClusterId()), session -> session.command(c -> c.clusterNodes()));
            return ids.values().stream().allMatch(nodes::contains) && !nodes.contains("handshake")
                    && !nodes.contains("noaddr");
        }));
        for (NodeGroup shard : group.nodeGroups()) {
            CacheNode primary = shard.primary();
            NodeAddress address = addresses.get(primary.cacheClusterId());
            String mine = myself(ask(connector, address, session -> session.command(c -> c.clusterNodes())));
            if (mine.split(" ").length <= 8 && !shard.slots().isEmpty()) {
                for (int[] range : SlotRanges.parse(shard.slots())) {
                    ask(connector, address, session -> session.raw(CommandType.CLUSTER, "ADDSLOTSRANGE", range[0], range[1]));
                }
            }
        }
        for (NodeSpec s : specs) {
            if (s.primaryId() == null) {
                continue;
            }
            NodeAddress address = addresses.get(s.cacheClusterId());
            String primaryId = ids.get(s.primaryId());
            String mine = myself(ask(connector, address, session -> session.command(c -> c.clusterNodes())));
            if (!mine.contains(" " + primaryId + " ")) {
                ask(connector, address, session -> session.command(c -> c.clusterReplicate(primaryId)));
            }
        }
        await("the cluster is ok on every node", () -> formed(specs, addresses, connector));
    }

    /** Every node sees the cluster ok, every slot served and every node known. */
    private static boolean formed(List<NodeSpec> specs, Map<String, NodeAddress> addresses, Sessions connector) {
        for (NodeSpec s : specs) {
            String info;
            try {
                info = ask(connector, addresses.get(s.cacheClusterId()), session -> session.command(c -> c.clusterInfo()));
            } catch (NodeUnavailableException e) {
                return false;
            }
            if (!info.contains("cluster_state:ok") || !info.contains("cluster_slots_assigned:" + SlotRanges.SLOTS)
                    || !info.contains("cluster_known_nodes:" + specs.size() + "\r")) {
                return false;
            }
        }
        return true;
    }

    /** The {@code myself} line of CLUSTER NODES. */
    static String myself(String clusterNodes) {
        for (String line : clusterNodes.split("\n")) {
            if (line.contains("myself")) {
                return line.trim();
            }
        }
        throw new NodeUnavailableException("CLUSTER NODES has no myself line");
    }

    private static <T> T ask(Sessions sessions, NodeAddress node, java.util.function.Function<NodeSession, T> work) {
        return sessions.ask(node, work);
    }

    /** Connections opened on first use and closed together; one that fails is dropped and reopened next time. */
    static final class Sessions implements AutoCloseable {
        private final NodeConnector connector;
        private final Map<String, NodeSession> open = new HashMap<>();

        Sessions(NodeConnector connector) {
            this.connector = connector;
        }

        <T> T ask(NodeAddress node, java.util.function.Function<NodeSession, T> work) {
            NodeSession session = open.computeIfAbsent(node.label(), k -> connector.open(node));
            try {
                return work.apply(session);
            } catch (RuntimeException e) {
                open.remove(node.label()).close();
                throw e;
            }
        }

        @Override
        public void close() {
            open.values().forEach(NodeSession::close);
            open.clear();
        }
    }

    private static void await(String what, java.util.function.BooleanSupplier done) {
        long deadline = System.currentTimeMillis() + FORM_TIMEOUT_MILLIS;
        while (!done.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new NodeUnavailableException("cluster not formed in time: waiting until " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NodeUnavailableException("interrupted while waiting until " + what);
            }
        }
    }
}
