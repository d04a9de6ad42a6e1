package dev.cachewarden.service.cache;

import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.ClusterMode;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.domain.fault.Fault;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * CreateReplicationGroup's cluster-mode parameters with ElastiCache's rules: ClusterMode, a
 * {@code *.cluster.on} CacheParameterGroupName, NumNodeGroups, ReplicasPerNodeGroup and
 * NodeGroupConfiguration (ids, slots, replica counts). Where AWS's wording is not known the rule is
 * listed in docs/aws-guesses.md.
 */
public final class ClusterRules {
    /** AWS's default quota of shards per replication group (NodeGroupsPerReplicationGroupQuotaExceeded). */
    static final int MAX_NODE_GROUPS = 90;
    /** AWS's default quota of nodes per cluster-mode replication group (NodeQuotaForClusterExceeded). */
    static final int MAX_CLUSTER_NODES = 90;
    static final int MAX_REPLICAS = CacheService.MAX_REPLICAS;

    private ClusterRules() {}

    /** One NodeGroupConfiguration member as asked. */
    public record NodeGroupRequest(Optional<String> nodeGroupId, Optional<String> slots, Optional<Integer> replicaCount,
                                   Optional<String> primaryAvailabilityZone,
                                   Optional<List<String>> replicaAvailabilityZones) {
        public NodeGroupRequest(Optional<String> nodeGroupId, Optional<String> slots, Optional<Integer> replicaCount) {
            this(nodeGroupId, slots, replicaCount, Optional.empty(), Optional.empty());
        }
    }

    /** The cluster-mode parameters of a CreateReplicationGroup. */
    public record Request(List<NodeGroupRequest> nodeGroups, Optional<String> clusterMode,
                          Optional<String> cacheParameterGroupName) {
        public Request {
            nodeGroups = List.copyOf(nodeGroups);
        }

        public static Request none() {
            return new Request(List.of(), Optional.empty(), Optional.empty());
        }
    }

    /** One shard to create. */
    public record Shard(String nodeGroupId, String slots, int replicas) {}

    /** What the group will be: its ClusterMode and, in cluster mode, its shards. */
    public record Layout(ClusterMode mode, List<Shard> shards) {
        public Layout {
            shards = List.copyOf(shards);
        }
    }

    /** Whether a parameter group name asks for cluster mode ({@code default.redis7.cluster.on}). */
    static boolean clusterOn(String parameterGroupName) {
        return parameterGroupName.toLowerCase(Locale.ROOT).endsWith(".cluster.on");
    }

    static Layout forCreate(CacheService.CreateReplicationGroup r, Request c) {
        Optional<ClusterMode> asked = c.clusterMode().map(m -> ClusterMode.parse(m).orElseThrow(() ->
                ElastiCacheFault.invalidValue("Invalid value '" + m + "' for ClusterMode: use enabled, disabled or "
                        + "compatible.")));
        boolean parameterGroupOn = c.cacheParameterGroupName().map(ClusterRules::clusterOn).orElse(false);
        int askedShards = r.numNodeGroups().orElse(c.nodeGroups().isEmpty() ? 1 : c.nodeGroups().size());
        ClusterMode mode = asked.orElse(parameterGroupOn || askedShards > 1 ? ClusterMode.ENABLED : ClusterMode.DISABLED);
        if (!mode.clustered()) {
            if (parameterGroupOn) {
                throw ElastiCacheFault.invalidCombination("Cluster mode " + mode.wire() + " cannot use a parameter group "
                        + "with cluster-enabled set to yes (" + c.cacheParameterGroupName().get() + ").");
            }
            if (askedShards > 1) {
                throw ElastiCacheFault.invalidCombination("A replication group with more than one node group requires "
                        + "cluster mode enabled.");
            }
            return new Layout(mode, List.of());
        }
        if (c.cacheParameterGroupName().isPresent() && !parameterGroupOn) {
            throw ElastiCacheFault.invalidCombination("Cluster mode enabled requires a parameter group with "
                    + "cluster-enabled set to yes, such as default.redis7.cluster.on.");
        }
        if (r.numCacheClusters().isPresent()) {
            throw ElastiCacheFault.invalidCombination("NumCacheClusters cannot be used with cluster mode enabled: "
                    + "use NumNodeGroups and ReplicasPerNodeGroup.");
        }
        if (r.automaticFailoverEnabled().isPresent() && !r.automaticFailoverEnabled().get()) {
            throw ElastiCacheFault.invalidCombination("Automatic failover must be enabled for a replication group with "
                    + "cluster mode enabled.");
        }
        if (r.numNodeGroups().isPresent() && !c.nodeGroups().isEmpty() && r.numNodeGroups().get() != c.nodeGroups().size()) {
            throw ElastiCacheFault.invalidCombination("NumNodeGroups (" + r.numNodeGroups().get() + ") does not match the "
                    + "number of NodeGroupConfiguration entries (" + c.nodeGroups().size() + ").");
        }
        int shards = askedShards;
        if (shards < 1) {
            throw ElastiCacheFault.invalidValue("NumNodeGroups must be at least 1.");
        }
        if (shards > MAX_NODE_GROUPS) {
            throw new ElastiCacheFault(Fault.NODE_GROUPS_PER_REPLICATION_GROUP_QUOTA_EXCEEDED, "The request cannot be "
                    + "processed because it would exceed the maximum allowed number of node groups (shards) in a single "
                    + "replication group. The default maximum is " + MAX_NODE_GROUPS + ".");
        }
        int defaultReplicas = r.replicasPerNodeGroup().orElse(0);
        checkReplicas(defaultReplicas);
        List<String> ids = nodeGroupIds(c.nodeGroups(), shards);
        List<String> slots = slots(c.nodeGroups(), shards);
        List<Shard> out = new ArrayList<>();
        int nodes = 0;
        for (int i = 0; i < shards; i++) {
            int replicas = i < c.nodeGroups().size() ? c.nodeGroups().get(i).replicaCount().orElse(defaultReplicas)
                    : defaultReplicas;
            checkReplicas(replicas);
            nodes += replicas + 1;
            out.add(new Shard(ids.get(i), slots.get(i), replicas));
        }
        if (nodes > MAX_CLUSTER_NODES) {
            throw new ElastiCacheFault(Fault.NODE_QUOTA_FOR_CLUSTER_EXCEEDED, "The request would exceed the maximum of "
                    + MAX_CLUSTER_NODES + " nodes in a replication group with cluster mode enabled.");
        }
        if (r.multiAzEnabled().orElse(false) && out.stream().anyMatch(s -> s.replicas() == 0)) {
            throw ElastiCacheFault.invalidCombination("Multi-AZ requires at least one replica in every node group.");
        }
        return new Layout(ClusterMode.ENABLED, out);
    }

    /**
     * ModifyReplicationGroup's ClusterMode against AWS's transitions ("Modifying cluster mode"): disabled →
     * compatible → enabled, never back from enabled. Asking for the current mode changes nothing
     * (empty). Going to compatible needs Redis OSS 7.0 / Valkey 7.2 or later, automatic failover enabled
     * and at least one replica; the request may change nothing else but CacheParameterGroupName, which
     * must then have cluster-enabled yes. Messages AWS does not document are in docs/aws-guesses.md.
     *
     * @param otherChanges the other parameters the request carries (ApplyImmediately and
     *     CacheParameterGroupName excluded)
     * @return the ClusterMode to convert to
     */
    static Optional<ClusterMode> checkModify(dev.cachewarden.domain.ReplicationGroup group, String asked,
                                             List<String> otherChanges, Optional<String> cacheParameterGroupName) {
        ClusterMode to = ClusterMode.parse(asked).orElseThrow(() -> ElastiCacheFault.invalidValue("Invalid value '"
                + asked + "' for ClusterMode: use enabled, disabled or compatible."));
        ClusterMode from = group.clusterMode();
        if (to == from) {
            return Optional.empty();
        }
        if (from == ClusterMode.ENABLED) {
            throw ElastiCacheFault.invalidCombination("ClusterMode cannot be changed once it is enabled.");
        }
        if (from == ClusterMode.DISABLED && to == ClusterMode.ENABLED) {
            throw ElastiCacheFault.invalidCombination("To enable cluster mode, first set ClusterMode to compatible.");
        }
        if (to == ClusterMode.DISABLED) {
            throw ElastiCacheFault.invalidCombination("ClusterMode cannot be changed from compatible back to disabled "
                    + "by cachewarden.");
        }
        if (!otherChanges.isEmpty()) {
            throw ElastiCacheFault.invalidCombination("No other parameter than CacheParameterGroupName can be modified "
                    + "together with ClusterMode (" + String.join(", ", otherChanges) + ").");
        }
        if (cacheParameterGroupName.isPresent() && !clusterOn(cacheParameterGroupName.get())) {
            throw ElastiCacheFault.invalidCombination("ClusterMode " + to.wire() + " requires a parameter group with "
                    + "cluster-enabled set to yes, such as default.redis7.cluster.on.");
        }
        if (to == ClusterMode.COMPATIBLE) {
            if (group.external()) {
                throw new ElastiCacheFault(Fault.INVALID_REPLICATION_GROUP_STATE, "Replication group "
                        + group.replicationGroupId() + " is an external cache: cachewarden does not restart nodes "
                        + "it does not run.");
            }
            dev.cachewarden.domain.EngineVersion minimum = group.engine() == dev.cachewarden.domain.Engine.VALKEY
                    ? dev.cachewarden.domain.EngineVersion.of(7, 2) : dev.cachewarden.domain.EngineVersion.of(7, 0);
            if (dev.cachewarden.domain.EngineVersion.of(group.engineVersion()).isBefore(minimum)) {
                throw ElastiCacheFault.invalidCombination("Cluster mode compatible requires engine version "
                        + minimum + " or later (" + group.engine().wire() + " "
                        + group.engineVersion() + ").");
            }
            if (group.automaticFailover() != dev.cachewarden.domain.AutomaticFailoverStatus.ENABLED
                    || group.replicas().isEmpty()) {
                throw ElastiCacheFault.invalidCombination("Cluster mode compatible requires automatic failover "
                        + "enabled with at least one replica.");
            }
        }
        return Optional.of(to);
    }

    /**
     * The zones NodeGroupConfiguration asks for, one per node in {@link #nodes}' order (each shard's
     * primary, then its replicas); a node of a shard that names none is in the region's first zone.
     * Empty when no shard names a zone.
     */
    static List<String> availabilityZones(Request c, Layout layout, String region) {
        if (c.nodeGroups().stream().noneMatch(g -> g.primaryAvailabilityZone().isPresent()
                || g.replicaAvailabilityZones().isPresent())) {
            return List.of();
        }
        List<String> zones = new ArrayList<>();
        for (int i = 0; i < layout.shards().size(); i++) {
            Shard shard = layout.shards().get(i);
            NodeGroupRequest asked = i < c.nodeGroups().size() ? c.nodeGroups().get(i)
                    : new NodeGroupRequest(Optional.empty(), Optional.empty(), Optional.empty());
            List<String> replicas = asked.replicaAvailabilityZones().orElse(List.of());
            if (asked.replicaAvailabilityZones().isPresent() && replicas.size() != shard.replicas()) {
                throw ElastiCacheFault.invalidValue("The number of ReplicaAvailabilityZones (" + replicas.size()
                        + ") must match the ReplicaCount (" + shard.replicas() + ") of node group "
                        + shard.nodeGroupId() + ".");
            }
            zones.add(asked.primaryAvailabilityZone().orElse(region + "a"));
            for (int r = 0; r < shard.replicas(); r++) {
                zones.add(r < replicas.size() ? replicas.get(r) : region + "a");
            }
        }
        return dev.cachewarden.service.settings.SettingsRules.availabilityZones(zones, region);
    }

    /** The nodes of a new cluster-mode group: {@code <rg>-0001-001} is shard 0001's primary. */
    static List<CacheNode> nodes(String id, Layout layout, java.util.function.IntSupplier port) {
        List<CacheNode> nodes = new ArrayList<>();
        for (Shard shard : layout.shards()) {
            for (int i = 0; i <= shard.replicas(); i++) {
                nodes.add(new CacheNode(nodeId(id, shard.nodeGroupId(), i + 1), CacheNode.LOOPBACK, port.getAsInt(),
                        i == 0, CacheNode.Status.AVAILABLE, shard.nodeGroupId(), shard.slots()));
            }
        }
        return nodes;
    }

    static String nodeId(String replicationGroupId, String nodeGroupId, int member) {
        return String.format(Locale.ROOT, "%s-%s-%03d", replicationGroupId, nodeGroupId, member);
    }

    private static void checkReplicas(int replicas) {
        if (replicas < 0 || replicas > MAX_REPLICAS) {
            throw ElastiCacheFault.invalidValue("ReplicasPerNodeGroup and ReplicaCount must be between 0 and "
                    + MAX_REPLICAS + ".");
        }
    }

    private static List<String> nodeGroupIds(List<NodeGroupRequest> asked, int shards) {
        Set<String> used = new HashSet<>();
        for (NodeGroupRequest g : asked) {
            if (g.nodeGroupId().isPresent()) {
                String id = g.nodeGroupId().get();
                if (!id.matches("\\d{1,4}")) {
                    throw ElastiCacheFault.invalidValue("Invalid NodeGroupId '" + id + "': it must be 1 to 4 digits.");
                }
                if (!used.add(String.format(Locale.ROOT, "%04d", Integer.parseInt(id)))) {
                    throw ElastiCacheFault.invalidValue("NodeGroupId " + id + " is given twice.");
                }
            }
        }
        List<String> ids = new ArrayList<>();
        int next = 1;
        for (int i = 0; i < shards; i++) {
            Optional<String> given = i < asked.size() ? asked.get(i).nodeGroupId() : Optional.empty();
            if (given.isPresent()) {
                ids.add(String.format(Locale.ROOT, "%04d", Integer.parseInt(given.get())));
                continue;
            }
            while (used.contains(String.format(Locale.ROOT, "%04d", next))) {
                next++;
            }
            String id = String.format(Locale.ROOT, "%04d", next++);
            used.add(id);
            ids.add(id);
        }
        return ids;
    }

    /** The slots of each shard: as asked (all or none), else 16384 split evenly, the first shards one larger. */
    private static List<String> slots(List<NodeGroupRequest> asked, int shards) {
        long withSlots = asked.stream().filter(g -> g.slots().isPresent()).count();
        if (withSlots == 0) {
            return SlotRanges.even(shards).stream().map(SlotRanges::format).toList();
        }
        if (withSlots != shards) {
            throw ElastiCacheFault.invalidValue("Slots must be given for every node group or for none.");
        }
        List<String> out = new ArrayList<>();
        boolean[] taken = new boolean[SlotRanges.SLOTS];
        for (NodeGroupRequest g : asked) {
            List<int[]> ranges = SlotRanges.parse(g.slots().get());
            for (int[] range : ranges) {
                for (int s = range[0]; s <= range[1]; s++) {
                    if (taken[s]) {
                        throw ElastiCacheFault.invalidValue("Slots overlap: slot " + s + " is given to two node groups.");
                    }
                    taken[s] = true;
                }
            }
            out.add(SlotRanges.format(ranges));
        }
        for (int s = 0; s < SlotRanges.SLOTS; s++) {
            if (!taken[s]) {
                throw ElastiCacheFault.invalidValue("Slots must cover the whole keyspace 0-16383: slot " + s
                        + " belongs to no node group.");
            }
        }
        return out;
    }
}
