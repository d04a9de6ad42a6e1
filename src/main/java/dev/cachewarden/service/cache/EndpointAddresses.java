package dev.cachewarden.service.cache;

import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.LoopbackBlock;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.domain.fault.Fault;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback addresses for replication groups made with a {@code Port}: each group gets a
 * {@link LoopbackBlock} no stored node holds, where the port is free on every address it takes, so
 * every endpoint listens on the port asked for and none collides with another cache's. Blocks are
 * drawn at random (not in order) so that several cachewarden servers on one machine, e.g. tests,
 * rarely try the same one; a port found in use moves the group to another block.
 */
final class EndpointAddresses {
    private static final int ATTEMPTS = 200;
    /**
     * Blocks this process handed out, kept for its life: one whose transaction is not committed yet is
     * not in {@code hostsInUse}, and 65,280 blocks leave room for never reusing one.
     */
    private static final Set<LoopbackBlock> RESERVED = ConcurrentHashMap.newKeySet();

    private EndpointAddresses() {}

    /**
     * The nodes moved onto a new block, each on {@code port}; the group's own endpoints take the
     * block's first addresses. {@code hostsInUse}: every stored node's host.
     */
    static List<CacheNode> place(List<CacheNode> nodes, int port, Collection<String> hostsInUse, CacheRuntime runtime) {
        Set<LoopbackBlock> used = new HashSet<>(RESERVED);
        hostsInUse.forEach(h -> LoopbackBlock.of(h).ifPresent(used::add));
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            LoopbackBlock block = new LoopbackBlock(random.nextInt(1, 256), random.nextInt(0, 256));
            if (used.contains(block) || !free(block, nodes.size(), port, runtime) || !RESERVED.add(block)) {
                continue;
            }
            List<CacheNode> placed = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                CacheNode n = nodes.get(i);
                placed.add(new CacheNode(n.cacheClusterId(), block.address(LoopbackBlock.FIRST_NODE + i), port,
                        n.primary(), n.status(), n.nodeGroupId(), n.slots()));
            }
            return placed;
        }
        throw new ElastiCacheFault(Fault.INSUFFICIENT_CACHE_CLUSTER_CAPACITY, "No loopback address is free for port "
                + port + " after " + ATTEMPTS + " attempts; choose another Port.");
    }

    /**
     * Where a node added to {@code group} listens: on a group made with a Port, the next address of its
     * block on that port; empty for a group on 127.0.0.1 ports (the caller picks a free port as before).
     * {@code added}: nodes already chosen in the same request.
     */
    static Optional<CacheNode> addedNode(ReplicationGroup group, List<CacheNode> added, CacheNode legacy,
                                         CacheRuntime runtime) {
        Optional<LoopbackBlock> block = LoopbackBlock.ofNodes(group.nodes());
        if (block.isEmpty()) {
            return Optional.empty();
        }
        int port = group.nodes().get(0).port();
        List<CacheNode> all = new ArrayList<>(group.nodes());
        all.addAll(added);
        String host = block.get().nextNodeAddress(all, a -> runtime.canListen(a, port)).orElseThrow(() ->
                new ElastiCacheFault(Fault.INSUFFICIENT_CACHE_CLUSTER_CAPACITY, "No loopback address is left for "
                        + "another node of replication group " + group.replicationGroupId() + " on port " + port + "."));
        return Optional.of(new CacheNode(legacy.cacheClusterId(), host, port, legacy.primary(), legacy.status(),
                legacy.nodeGroupId(), legacy.slots()));
    }

    private static boolean free(LoopbackBlock block, int nodes, int port, CacheRuntime runtime) {
        if (!runtime.canListen(block.primaryEndpoint(), port) || !runtime.canListen(block.readerEndpoint(), port)) {
            return false;
        }
        for (int i = 0; i < nodes; i++) {
            if (!runtime.canListen(block.address(LoopbackBlock.FIRST_NODE + i), port)) {
                return false;
            }
        }
        return true;
    }
}
