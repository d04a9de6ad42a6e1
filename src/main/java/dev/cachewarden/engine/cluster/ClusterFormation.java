package dev.cachewarden.engine.cluster;

import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.NodeGroup;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.engine.CacheEngine;
import dev.cachewarden.engine.node.NodeSupervisor;
import dev.cachewarden.engine.NodeUnavailableException;
import dev.cachewarden.service.cache.SlotRanges;
import io.lettuce.core.protocol.CommandType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a cluster-mode group's nodes agree with the store: every serving node meets the others over the
 * private, TLS cluster bus; each replica follows its shard's master (CLUSTER REPLICATE); slots nobody
 * serves are added to the shard the store gives them (CLUSTER ADDSLOTSRANGE), slots served elsewhere
 * are moved there with their keys ({@link SlotMover}); nodes of removed shards, emptied, are forgotten
 * by every other node. Returns once every node reports the cluster ok. Each step looks first and acts
 * only where the nodes differ, so a retry after a failure continues where it stopped. A shard's master
 * is whichever of its nodes the cluster says is master now: Redis Cluster's own failover may have
 * swapped the roles the store remembers.
 */
final class ClusterFormation {
    private static final Logger log = LoggerFactory.getLogger(ClusterFormation.class);
    private static final long FORM_TIMEOUT_MILLIS = 20_000;
    private static final int SLOTS_PER_BATCH = 1024;
    /** How long the cluster may stay not ok at the end of a pass before lost slots are looked for. */
    private static final long RECOVER_AFTER_MILLIS = 3_000;

    private ClusterFormation() {}

    static void form(ReplicationGroup group, ClusterContext context) {
        long started = System.currentTimeMillis();
        // One connection per node for the whole pass: the waits below poll every node many times.
        try (ClusterSessions sessions = new ClusterSessions(context.connector(), context.supervisor())) {
            long moved = new Pass(group, context, sessions).run();
            log.info("cluster {} agrees with its {} shard(s) after {} ms ({} key(s) moved)", group.replicationGroupId(),
                    group.nodeGroups().stream().filter(s -> !s.slots().isEmpty()).count(),
                    System.currentTimeMillis() - started, moved);
        }
    }

    /** One pass over the group's nodes. */
    private static final class Pass {
        private final ReplicationGroup group;
        private final NodeSupervisor supervisor;
        private final ClusterSessions sessions;
        /** Serving node (cache cluster id) → cluster node id. */
        private final Map<String, String> ids = new LinkedHashMap<>();
        private final List<String> serving;

        Pass(ReplicationGroup group, ClusterContext context, ClusterSessions sessions) {
            this.group = group;
            this.supervisor = context.supervisor();
            this.sessions = sessions;
            this.serving = group.servingNodes().stream().map(CacheNode::cacheClusterId).toList();
        }

        private final long started = System.currentTimeMillis();

        long run() {
            for (String node : serving) {
                ids.put(node, sessions.ask(node, s -> s.command(c -> c.clusterMyId())));
            }
            String first = CacheEngine.specs(group).get(0).cacheClusterId();
            meet(first);
            await("every node knows every other", () -> serving.stream().allMatch(n -> {
                ClusterView view = view(n);
                return ids.values().stream().allMatch(id -> view.nodes().containsKey(id) && !view.nodes().get(id).failing());
            }));
            long met = System.currentTimeMillis();
            Map<String, String> masters = masters(view(first));
            replicate(masters);
            // Slots move while the new replicas' roles spread by gossip: neither waits for the other (a new
            // master's replica copies what MIGRATE brings it from its replication stream).
            long moved = slots(first, masters);
            long slotted = System.currentTimeMillis();
            // Every node's view agrees, so a client asking any of them sees each new replica in its shard.
            await("every node sees each replica follow its shard's master", () -> serving.stream()
                    .allMatch(n -> followed(view(n), masters)));
            long followed = System.currentTimeMillis();
            // Removed shards' nodes hold no slot or key now. Stopped before they are forgotten: running, they
            // go on gossiping (an emptied master even turns replica of the node that took its slots) and can
            // come back into the serving nodes' views once FORGET's 60 s ban ends, so the cluster never
            // settles at the serving nodes alone. Their files go with the engine's stopRemoved.
            group.nodes().stream().filter(n -> n.status() == CacheNode.Status.DELETING)
                    .forEach(n -> supervisor.stop(n.cacheClusterId(), false));
            forgetRemoved();
            long[] recovered = {System.currentTimeMillis()};
            await(() -> "the cluster is ok on every node; last: " + notOk, () -> {
                if (ok() && agreed()) {
                    return true;
                }
                if (System.currentTimeMillis() - recovered[0] >= RECOVER_AFTER_MILLIS) {
                    recovered[0] = System.currentTimeMillis();
                    recoverSlots();
                }
                return false;
            });
            log.info("cluster {}: nodes met in {} ms, slots in place {} ms later, replicas seen by all {} ms after"
                            + " that, ok {} ms after that", group.replicationGroupId(), met - started, slotted - met,
                    followed - slotted, System.currentTimeMillis() - followed);
            return moved;
        }

        /**
         * Every serving node meets those it does not know yet itself: gossip from the first node alone
         * took 1.5–2.7 s to reach the rest, and a new shard's slots cannot move before its master is known.
         */
        private void meet(String first) {
            for (String from : serving) {
                ClusterView known = view(from);
                for (String node : serving) {
                    if (!node.equals(from) && !known.nodes().containsKey(ids.get(node))) {
                        CacheNode n = node(node);
                        sessions.ask(from, s -> s.raw(CommandType.CLUSTER, "MEET", CacheNode.LOOPBACK, n.port(),
                                supervisor.layout().clusterBusPort(node)));
                    }
                }
            }
        }

        /** Each shard's master now: the node the cluster calls master, else the store's primary. */
        private Map<String, String> masters(ClusterView view) {
            Map<String, String> masters = new HashMap<>();
            for (NodeGroup shard : group.nodeGroups()) {
                String master = shard.primary().cacheClusterId();
                for (CacheNode n : shard.members()) {
                    ClusterView.Line line = view.nodes().get(ids.get(n.cacheClusterId()));
                    if (line != null && line.master() && !line.slots().isEmpty()) {
                        master = n.cacheClusterId();
                    }
                }
                masters.put(shard.nodeGroupId(), master);
            }
            return masters;
        }

        private void replicate(Map<String, String> masters) {
            for (String node : serving) {
                String master = masters.get(node(node).nodeGroupId());
                if (master == null || master.equals(node) || !ids.containsKey(master)) {
                    continue;
                }
                ClusterView.Line mine = view(node).myself();
                if (!ids.get(master).equals(mine.masterId())) {
                    sessions.ask(node, s -> s.command(c -> c.clusterReplicate(ids.get(master))));
                }
            }
        }

        private boolean followed(ClusterView view, Map<String, String> masters) {
            for (String node : serving) {
                String master = masters.get(node(node).nodeGroupId());
                if (master == null || master.equals(node) || !ids.containsKey(master)) {
                    continue;
                }
                ClusterView.Line line = view.nodes().get(ids.get(node));
                if (line == null || !ids.get(master).equals(line.masterId())) {
                    return false;
                }
            }
            return true;
        }

        /** Unserved slots added to their shard, slots served by another shard moved there. @return keys moved */
        private long slots(String first, Map<String, String> masters) {
            String[] owners = view(first).owners();
            String[] target = new String[SlotRanges.SLOTS];
            for (NodeGroup shard : group.nodeGroups()) {
                String master = masters.get(shard.nodeGroupId());
                if (shard.slots().isEmpty() || !ids.containsKey(master)) {
                    continue;
                }
                for (int[] r : SlotRanges.parse(shard.slots())) {
                    for (int s = r[0]; s <= r[1]; s++) {
                        target[s] = master;
                    }
                }
            }
            for (int slot = 0; slot < SlotRanges.SLOTS; slot++) {
                expected[slot] = target[slot] == null ? null : ids.get(target[slot]);
            }
            Map<String, String> byId = ids.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey));
            Map<String, List<Integer>> unserved = new LinkedHashMap<>();
            Map<List<String>, List<Integer>> moves = new LinkedHashMap<>();
            for (int s = 0; s < SlotRanges.SLOTS; s++) {
                if (target[s] == null) {
                    continue;
                }
                if (owners[s] == null) {
                    unserved.computeIfAbsent(target[s], k -> new ArrayList<>()).add(s);
                } else if (!owners[s].equals(ids.get(target[s]))) {
                    String from = byId.containsKey(owners[s]) ? byId.get(owners[s]) : removedNode(owners[s]);
                    moves.computeIfAbsent(List.of(from, target[s]), k -> new ArrayList<>()).add(s);
                }
            }
            unserved.forEach((master, slots) -> {
                for (int[] range : ranges(slots)) {
                    sessions.ask(master, s -> s.raw(CommandType.CLUSTER, "ADDSLOTSRANGE", range[0], range[1]));
                }
            });
            if (moves.isEmpty()) {
                return 0;
            }
            // A node that has not yet learnt by gossip who serves every slot says the cluster is down, and a
            // MIGRATE to it fails half way (CLUSTERDOWN): every node moving slots must first see the cluster ok.
            Set<String> moving = new java.util.HashSet<>();
            moves.keySet().forEach(moving::addAll);
            await("every node moving slots sees the cluster ok", () -> moving.stream().allMatch(this::nodeServesOk));
            // One move at a time, as redis-cli's reshard: moves side by side (a new shard filled from every
            // other at once) left replicas seeing a slot at its old master for good (their config epochs
            // bumped concurrently without consensus).
            long moved = 0;
            for (Map.Entry<List<String>, List<Integer>> move : moves.entrySet()) {
                moved += move(move.getKey().get(0), move.getKey().get(1), move.getValue());
            }
            for (String master : Set.copyOf(masters.values())) {
                moves.forEach((pair, slots) -> {
                    if (!pair.contains(master) && ids.containsKey(master)) {
                        sessions.ask(master, s -> {
                            SlotMover.announce(s, slots, ids.get(pair.get(1)));
                            return null;
                        });
                    }
                });
            }
            return moved;
        }

        /** One pair's slots, in batches. @return keys moved */
        private long move(String from, String to, List<Integer> slots) {
            String fromId = nodeId(from);
            long moved = 0;
            for (int i = 0; i < slots.size(); i += SLOTS_PER_BATCH) {
                List<Integer> batch = slots.subList(i, Math.min(slots.size(), i + SLOTS_PER_BATCH));
                moved += sessions.ask(from, source -> sessions.ask(to, target2 -> SlotMover.move(batch,
                        new SlotMover.Endpoint(source, fromId, supervisor.layout().internalPort(from)),
                        new SlotMover.Endpoint(target2, ids.get(to), supervisor.layout().internalPort(to)),
                        supervisor.admin())));
            }
            return moved;
        }

        /** The cache cluster id of a node of a removed shard that still serves slots. */
        private String removedNode(String clusterNodeId) {
            return removed.computeIfAbsent(clusterNodeId, this::findRemoved);
        }

        private final Map<String, String> removed = new HashMap<>();

        private String findRemoved(String clusterNodeId) {
            for (CacheNode n : group.nodes()) {
                if (n.status() == CacheNode.Status.DELETING
                        && clusterNodeId.equals(sessions.ask(n.cacheClusterId(), s -> s.command(c -> c.clusterMyId())))) {
                    return n.cacheClusterId();
                }
            }
            throw new NodeUnavailableException("slots of " + group.replicationGroupId() + " are served by node "
                    + clusterNodeId + ", which is not one of its nodes");
        }

        private String nodeId(String cacheClusterId) {
            return ids.containsKey(cacheClusterId) ? ids.get(cacheClusterId)
                    : sessions.ask(cacheClusterId, s -> s.command(c -> c.clusterMyId()));
        }

        /**
         * Nodes the cluster knows that are no longer the group's (removed shards, emptied): forgotten by every
         * serving node that still knows them. Each node's own view is asked: one that forgot a node already (a
         * pass that failed half way) no longer names it, while others may still count it.
         */
        private void forgetRemoved() {
            Set<String> mine = Set.copyOf(ids.values());
            for (String node : serving) {
                for (String id : view(node).nodes().keySet()) {
                    if (!mine.contains(id)) {
                        sessions.ask(node, s -> s.raw(CommandType.CLUSTER, "FORGET", id));
                    }
                }
            }
        }

        /** Slots no master claims, claimed and told again ({@link LostSlots}). */
        private void recoverSlots() {
            Map<String, ClusterView> views = new LinkedHashMap<>();
            serving.forEach(node -> views.put(node, view(node)));
            LostSlots lost = LostSlots.find(views, ids, expected);
            lost.claim().forEach((owner, slots) -> {
                log.warn("cluster {}: {} slot(s) served by no node, from {}: {} claims them again",
                        group.replicationGroupId(), slots.size(), slots.get(0), owner);
                for (int[] range : ranges(slots)) {
                    sessions.ask(owner, ss -> ss.raw(CommandType.CLUSTER, "ADDSLOTSRANGE", range[0], range[1]));
                }
            });
            lost.tell().forEach((node, byOwner) -> byOwner.forEach((owner, slots) -> sessions.ask(node, ss -> {
                SlotMover.announce(ss, slots, owner);
                return null;
            })));
        }

        /** This node finds every slot served and the cluster ok (whatever else it still knows). */
        private boolean nodeServesOk(String node) {
            String info = clusterInfo(node);
            return info != null && servesOk(info);
        }

        private static boolean servesOk(String clusterInfo) {
            return clusterInfo.contains("cluster_state:ok") && clusterInfo.contains("cluster_slots_assigned:" + SlotRanges.SLOTS);
        }

        /** CLUSTER INFO of {@code node}; null (and why, in {@link #notOk}) when it does not answer. */
        private String clusterInfo(String node) {
            try {
                return sessions.ask(node, s -> s.command(c -> c.clusterInfo()));
            } catch (NodeUnavailableException e) {
                notOk = node + " did not answer: " + e.getMessage();
                return null;
            }
        }

        /** Every serving node sees every slot at the master the store gives it (clients ask any of them). */
        private boolean agreed() {
            for (String node : serving) {
                String[] owners = view(node).owners();
                for (int slot = 0; slot < owners.length; slot++) {
                    if (expected[slot] != null && !expected[slot].equals(owners[slot])) {
                        notOk = node + " sees slot " + slot + " at " + owners[slot] + ", not " + expected[slot];
                        return false;
                    }
                }
            }
            return true;
        }

        /** Cluster node id of the master each slot should end at (null: no shard of the store has it). */
        private final String[] expected = new String[SlotRanges.SLOTS];

        /** Why the cluster was last found not ok, for the timeout's message. */
        private String notOk = "";

        private boolean ok() {
            for (String node : serving) {
                String info = clusterInfo(node);
                if (info == null) {
                    return false;
                }
                if (!servesOk(info) || !info.contains("cluster_known_nodes:" + serving.size() + "\r")) {
                    notOk = node + " says " + info.lines().filter(l -> l.startsWith("cluster_state")
                            || l.startsWith("cluster_slots_assigned") || l.startsWith("cluster_known_nodes")).toList()
                            + " (" + serving.size() + " nodes serve)";
                    return false;
                }
            }
            return true;
        }

        private ClusterView view(String node) {
            return ClusterView.parse(sessions.ask(node, s -> s.command(c -> c.clusterNodes())));
        }

        private CacheNode node(String cacheClusterId) {
            return group.nodes().stream().filter(n -> n.cacheClusterId().equals(cacheClusterId)).findFirst()
                    .orElseThrow();
        }
    }

    private static List<int[]> ranges(List<Integer> slots) {
        List<int[]> out = new ArrayList<>();
        for (int s : slots) {
            if (!out.isEmpty() && out.get(out.size() - 1)[1] == s - 1) {
                out.get(out.size() - 1)[1] = s;
            } else {
                out.add(new int[] {s, s});
            }
        }
        return out;
    }

    private static void await(String what, java.util.function.BooleanSupplier done) {
        await(() -> what, done);
    }

    private static void await(java.util.function.Supplier<String> what, java.util.function.BooleanSupplier done) {
        long deadline = System.currentTimeMillis() + FORM_TIMEOUT_MILLIS;
        while (!done.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new NodeUnavailableException("cluster not formed in time: waiting until " + what.get());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NodeUnavailableException("interrupted while waiting until " + what.get());
            }
        }
    }
}
