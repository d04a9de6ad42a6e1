package dev.cachewarden.service.cache;

import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.NodeGroup;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.domain.fault.Fault;
import dev.cachewarden.service.ServiceEvents;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.store.Store;
import dev.cachewarden.store.TaskKind;
import dev.cachewarden.store.Transaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * TestFailover, IncreaseReplicaCount and DecreaseReplicaCount on a replication group's one node group
 * ({@code 0001}), or with cluster mode enabled on the node groups named ({@link ClusterReplicas}). Each is accepted here (the group {@code modifying}) and carried out by the engine:
 * a replica promoted, new replicas started with their ACL applied and read back, removed ones stopped;
 * the group is {@code available} again once the nodes agree.
 */
public final class ReplicaService {
    /** The node group of a group without cluster mode, as AWS numbers it. */
    public static final String NODE_GROUP_ID = "0001";
    /** AWS: TestFailover on up to 15 node groups in any rolling 24-hour period. */
    static final int TEST_FAILOVERS_PER_DAY = 15;
    private static final Pattern NODE_GROUP = Pattern.compile("\\d{1,4}");

    /** One ReplicaConfiguration entry (ConfigureShard); its availability zones and outposts are not modelled. */
    /** One ReplicaConfiguration entry; {@code preferredAvailabilityZones} empty when none were given. */
    public record ConfigureShard(String nodeGroupId, int newReplicaCount, List<String> preferredAvailabilityZones) {
        public ConfigureShard {
            preferredAvailabilityZones = List.copyOf(preferredAvailabilityZones);
        }

        public ConfigureShard(String nodeGroupId, int newReplicaCount) {
            this(nodeGroupId, newReplicaCount, List.of());
        }
    }

    public record ReplicaCountChange(String replicationGroupId, Optional<Boolean> applyImmediately,
                                     Optional<Integer> newReplicaCount, List<ConfigureShard> replicaConfiguration,
                                     List<String> replicasToRemove) {}

    private final Store store;
    private final ServiceSettings settings;
    private final CacheRuntime runtime;
    private final Runnable transitionsChanged;

    public ReplicaService(Store store, ServiceSettings settings, CacheRuntime runtime, Runnable transitionsChanged) {
        this.store = store;
        this.settings = settings;
        this.runtime = runtime;
        this.transitionsChanged = transitionsChanged;
    }

    public ReplicationGroup testFailover(String rawId, String nodeGroupId) {
        String id = CacheService.replicationGroupId(rawId);
        if (!NODE_GROUP.matcher(nodeGroupId).matches()) {
            throw ElastiCacheFault.invalidValue("Invalid NodeGroupId '" + nodeGroupId + "': it is 1 to 4 digits.");
        }
        ReplicationGroup accepted = store.inTransaction(tx -> {
            ReplicationGroup group = modifiable(tx, id);
            String shard = NODE_GROUP_ID;
            String to = null;
            if (group.clusterEnabled()) {
                NodeGroup named = ClusterReplicas.nodeGroup(group, nodeGroupId);
                shard = named.nodeGroupId();
                // The engine promotes the most up-to-date replica of this shard; naming one records the shard.
                to = named.replicas().stream().filter(n -> n.status() == CacheNode.Status.AVAILABLE)
                        .map(CacheNode::cacheClusterId).findFirst().orElse(null);
                if (to == null) {
                    throw new ElastiCacheFault(Fault.TEST_FAILOVER_NOT_AVAILABLE, "TestFailover is not available "
                            + "for node group " + shard + " of replication group " + id + ": it has no replica.");
                }
            } else {
                ClusterReplicas.nodeGroup(group, nodeGroupId);
            }
            if (!group.automaticFailover().promotes() || group.replicas().isEmpty()) {
                throw new ElastiCacheFault(Fault.TEST_FAILOVER_NOT_AVAILABLE, "TestFailover is not available for "
                        + "replication group " + id + ": automatic failover must be enabled and the node group must "
                        + "have a replica.");
            }
            long now = settings.clock().millis();
            if (tx.replicationGroups().testFailoversSince(now - Duration.ofDays(1).toMillis()) >= TEST_FAILOVERS_PER_DAY) {
                throw new ElastiCacheFault(Fault.APICALL_RATE_FOR_CUSTOMER_EXCEEDED, "TestFailover can be called "
                        + "on at most " + TEST_FAILOVERS_PER_DAY + " node groups in any rolling 24-hour period.");
            }
            tx.replicationGroups().recordTestFailover(id, shard, now);
            ServiceEvents.testFailoverCalled(tx, settings, id, shard);
            tx.replicationGroups().updateFailoverRequested(id, true, to);
            tx.replicationGroups().updateStatus(id, CacheStatus.MODIFYING);
            tx.tasks().enqueue(TaskKind.REPLICATION_GROUP_MODIFY, id, settings.transitionDueAt());
            return tx.replicationGroups().find(id, false).orElseThrow();
        });
        transitionsChanged.run();
        return accepted;
    }

    public ReplicationGroup increase(ReplicaCountChange r) {
        String id = CacheService.replicationGroupId(r.replicationGroupId());
        applyImmediately(r.applyImmediately());
        if (!r.replicasToRemove().isEmpty()) {
            throw ElastiCacheFault.invalidValue("ReplicasToRemove is a parameter of DecreaseReplicaCount.");
        }
        ReplicationGroup accepted = store.inTransaction(tx -> {
            ReplicationGroup group = modifiable(tx, id);
            List<Integer> taken = new ArrayList<>(tx.replicationGroups().portsInUse());
            if (group.clusterEnabled()) {
                List<CacheNode> placed = new ArrayList<>();
                for (CacheNode node : ClusterReplicas.added(group, r, () -> {
                    int port = runtime.freePort(taken);
                    taken.add(port);
                    return port;
                })) {
                    placed.add(EndpointAddresses.addedNode(group, placed, node, runtime).orElse(node)); // a Port's block
                }
                tx.replicationGroups().addNodes(id, placed);
                ReplicaZones.place(tx, group, placed, r.replicaConfiguration(), settings.region());
                return accepting(tx, id);
            }
            int current = group.replicas().size();
            int wanted = newCount(group, r);
            if (wanted > CacheService.MAX_REPLICAS) {
                throw ElastiCacheFault.invalidValue("NewReplicaCount must be at most " + CacheService.MAX_REPLICAS
                        + " (a node group holds a primary and up to " + CacheService.MAX_REPLICAS + " replicas).");
            }
            if (wanted <= current) {
                throw ElastiCacheFault.invalidValue("The new replica count (" + wanted + ") must be greater than the "
                        + "current replica count (" + current + ") of replication group " + id + ".");
            }
            List<CacheNode> added = new ArrayList<>();
            int next = nextNumber(group);
            for (int i = current; i < wanted; i++) {
                int port = runtime.freePort(taken);
                taken.add(port);
                CacheNode node = new CacheNode(id + String.format(Locale.ROOT, "-%03d", next++), CacheNode.LOOPBACK, port,
                        false, CacheNode.Status.CREATING);
                added.add(EndpointAddresses.addedNode(group, added, node, runtime).orElse(node)); // a Port's group: its block
            }
            tx.replicationGroups().addNodes(id, added);
            ReplicaZones.place(tx, group, added, r.replicaConfiguration(), settings.region());
            return accepting(tx, id);
        });
        transitionsChanged.run();
        return accepted;
    }

    public ReplicationGroup decrease(ReplicaCountChange r) {
        String id = CacheService.replicationGroupId(r.replicationGroupId());
        applyImmediately(r.applyImmediately());
        int asked = (r.newReplicaCount().isPresent() ? 1 : 0) + (r.replicaConfiguration().isEmpty() ? 0 : 1)
                + (r.replicasToRemove().isEmpty() ? 0 : 1);
        if (asked > 1) {
            throw ElastiCacheFault.invalidCombination("Only one of NewReplicaCount, ReplicaConfiguration and "
                    + "ReplicasToRemove can be specified.");
        }
        ReplicationGroup accepted = store.inTransaction(tx -> {
            ReplicationGroup group = modifiable(tx, id);
            List<String> removing;
            if (group.clusterEnabled()) {
                removing = ClusterReplicas.removed(group, r);
            } else {
                List<CacheNode> replicas = group.replicas();
                removing = r.replicasToRemove().isEmpty() ? byCount(group, r) : named(group, r.replicasToRemove());
                int left = replicas.size() - removing.size();
                if (left < 0) {
                    throw ElastiCacheFault.invalidValue("NewReplicaCount must be at least 0.");
                }
                if (left < 1 && group.automaticFailover().promotes()) {
                    throw ElastiCacheFault.invalidValue(FailoverRules.NEEDS_ONE_REPLICA);
                }
            }
            for (String node : removing) {
                tx.replicationGroups().updateNodeStatus(node, CacheNode.Status.DELETING);
            }
            return accepting(tx, id);
        });
        transitionsChanged.run();
        return accepted;
    }

    /** The replicas to remove for a NewReplicaCount: the newest first, as they were added last. */
    private static List<String> byCount(ReplicationGroup group, ReplicaCountChange r) {
        int current = group.replicas().size();
        int wanted = newCount(group, r);
        if (wanted < 0) {
            throw ElastiCacheFault.invalidValue("NewReplicaCount must be at least 0.");
        }
        if (wanted >= current) {
            throw ElastiCacheFault.invalidValue("The new replica count (" + wanted + ") must be less than the "
                    + "current replica count (" + current + ") of replication group " + group.replicationGroupId() + ".");
        }
        List<String> replicas = group.replicas().stream().map(CacheNode::cacheClusterId).toList();
        return replicas.subList(wanted, current).reversed();
    }

    private static List<String> named(ReplicationGroup group, List<String> ids) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String raw : ids) {
            String nodeId = raw.toLowerCase(Locale.ROOT);
            CacheNode node = group.servingNodes().stream().filter(n -> n.cacheClusterId().equals(nodeId)).findFirst()
                    .orElseThrow(() -> ElastiCacheFault.invalidValue("Cache cluster " + raw + " is not a member of "
                            + "replication group " + group.replicationGroupId() + "."));
            if (node.primary()) {
                throw ElastiCacheFault.invalidValue("Cache cluster " + nodeId + " is the primary of replication group "
                        + group.replicationGroupId() + " and cannot be removed; remove replicas only.");
            }
            out.add(nodeId);
        }
        return List.copyOf(out);
    }

    /** NewReplicaCount, or the count of the one ReplicaConfiguration entry: the group's one node group. */
    private static int newCount(ReplicationGroup group, ReplicaCountChange r) {
        return ClusterReplicas.targets(group, r).values().iterator().next();
    }

    private static void applyImmediately(Optional<Boolean> applyImmediately) {
        if (applyImmediately.isEmpty()) {
            throw ElastiCacheFault.invalidValue("The request must contain the parameter ApplyImmediately.");
        }
        if (!applyImmediately.get()) {
            throw ElastiCacheFault.invalidValue("ApplyImmediately=false is not supported: replica counts change "
                    + "immediately.");
        }
    }

    /** The group, available and run by cachewarden; locked for the change. */
    private static ReplicationGroup modifiable(Transaction tx, String id) {
        ReplicationGroup group = tx.replicationGroups().find(id, true).orElseThrow(() -> CacheService.notFound(id));
        if (group.status() != CacheStatus.AVAILABLE) {
            throw new ElastiCacheFault(Fault.INVALID_REPLICATION_GROUP_STATE, "Replication group " + id
                    + " is not in available state (it is " + group.status().wire() + ").");
        }
        if (group.external()) {
            throw new ElastiCacheFault(Fault.INVALID_REPLICATION_GROUP_STATE, "Replication group " + id
                    + " is an external cache listed in cachewarden's configuration; its nodes are not cachewarden's.");
        }
        ClusterModeChanges.refuseWhileCompatible(group, "Changing the replicas of, or testing failover on, a group");
        return group;
    }

    private ReplicationGroup accepting(Transaction tx, String id) {
        tx.replicationGroups().updateStatus(id, CacheStatus.MODIFYING);
        tx.tasks().enqueue(TaskKind.REPLICATION_GROUP_MODIFY, id, settings.transitionDueAt());
        return tx.replicationGroups().find(id, false).orElseThrow();
    }

    /** The number after the highest a node of the group has had ({@code rg-004} → 5). */
    private static int nextNumber(ReplicationGroup group) {
        int max = 0;
        for (CacheNode node : group.nodes()) {
            String id = node.cacheClusterId();
            try {
                max = Math.max(max, Integer.parseInt(id.substring(id.lastIndexOf('-') + 1)));
            } catch (NumberFormatException e) {
                // not numbered as we number nodes; ignore it
            }
        }
        return max + 1;
    }
}
