package dev.cachewarden.engine;

import dev.cachewarden.domain.Cache;
import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.service.cache.CacheTransitions;
import dev.cachewarden.service.Transitions;
import dev.cachewarden.store.Store;
import dev.cachewarden.store.TaskQueue.Task;
import dev.cachewarden.store.Transaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The step between accepting a change and reporting it done: the nodes are made to agree first. A
 * cache's nodes are started or stopped; a change to a user group or user is applied to every node of
 * every cache it guards and read back. Only then does the transition flip the state in the store; if
 * any node is down or disagrees this throws, and the worker retries with backoff.
 */
public final class CacheTaskHandler implements TaskHandler {
    private final Store store;
    private final CacheEngine engine;
    private final NodeConnector connector;
    private final Transitions transitions;
    private final CacheTransitions cacheTransitions;
    private final Failover failover;
    private final EngineUpgrade upgrade;
    private final ClusterEngine cluster;

    /**
     * Attempts after which a cache's creation ends as create-failed: at the worker's backoff (250 ms
     * doubling to a minute) the 11th failure comes 184 s of backoff after the first, a few minutes in
     * all with the attempts' own time (a node's start waits up to 10 s). System property {@value #CREATE_ATTEMPTS_PROPERTY}
     * sets it (tests).
     */
    public static final int DEFAULT_CREATE_ATTEMPTS = 11;
    public static final String CREATE_ATTEMPTS_PROPERTY = "cachewarden.create-attempts";

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CacheTaskHandler.class);
    private final int createAttempts;

    public CacheTaskHandler(Store store, CacheEngine engine, NodeConnector connector, ClusterEngine cluster,
                            Transitions transitions, CacheTransitions cacheTransitions) {
        this(store, engine, connector, cluster, transitions, cacheTransitions,
                Math.max(1, Integer.getInteger(CREATE_ATTEMPTS_PROPERTY, DEFAULT_CREATE_ATTEMPTS)));
    }

    public CacheTaskHandler(Store store, CacheEngine engine, NodeConnector connector, ClusterEngine cluster,
                            Transitions transitions, CacheTransitions cacheTransitions, int createAttempts) {
        this.createAttempts = createAttempts;
        this.store = store;
        this.engine = engine;
        this.connector = connector;
        this.transitions = transitions;
        this.cacheTransitions = cacheTransitions;
        this.failover = new Failover(store, engine, connector);
        this.upgrade = new EngineUpgrade(store, engine, connector, failover);
        this.cluster = cluster;
    }

    @Override
    public void handle(Task task) {
        switch (task.kind()) {
            case REPLICATION_GROUP_CREATE, REPLICATION_GROUP_MODIFY, SERVERLESS_CACHE_CREATE, SERVERLESS_CACHE_MODIFY -> {
                Cache.Ref ref = ref(task);
                engine.locked(ref, () -> load(ref).filter(c -> c.status() != CacheStatus.DELETING).ifPresent(c -> {
                    Cache cache = c instanceof ReplicationGroup group ? applyNodeChanges(group) : upgrade.rollInPlace(c);
                    // New replicas start here and get the ACL, read back, before they are listed available.
                    engine.ensureRunning(cache);
                    engine.applyAcl(cache, desired(cache));
                    // After the ACL: a new shard's nodes admit the group's users before they take slots.
                    cluster.form(cache);
                    engine.checkReplication(cache, connector);
                }));
                cacheTransitions.complete(task);
            }
            case REPLICATION_GROUP_DELETE, SERVERLESS_CACHE_DELETE -> {
                Cache.Ref ref = ref(task);
                engine.locked(ref, () -> load(ref).ifPresent(engine::stop));
                cacheTransitions.complete(task);
            }
            case USER_GROUP_MODIFY, USER_MODIFY, USER_DELETE -> store.inTransaction(tx -> prepare(tx, task)).run();
            default -> transitions.complete(task);
        }
    }

    /**
     * A cache's creation that failed {@link #createAttempts} times ends as create-failed, as on AWS: its
     * nodes and front listeners are stopped and their files removed first (a kill in between leaves
     * the task, which fails and ends here again after the restart), then the status, the event and the
     * task's removal are one transaction. Other tasks are retried for ever: a modification or delete
     * of a cache that exists must still happen.
     */
    @Override
    public boolean abandon(Task task, int attempts, Exception cause) {
        if (attempts < createAttempts || (task.kind() != dev.cachewarden.store.TaskKind.REPLICATION_GROUP_CREATE
                && task.kind() != dev.cachewarden.store.TaskKind.SERVERLESS_CACHE_CREATE)) {
            return false;
        }
        Cache.Ref ref = ref(task);
        String why = TransitionWorker.cause(cause);
        engine.locked(ref, () -> load(ref).filter(c -> c.status() == CacheStatus.CREATING).ifPresent(engine::stop));
        cacheTransitions.fail(task, why);
        log.warn("creation of {} failed {} times: it is now create-failed ({})", ref, attempts, why);
        return true;
    }

    /**
     * A change to a user group or user: which caches it touches and their ACLs are read here, in the
     * claiming transaction; the handling applies them to every node and completes the transition.
     */
    @Override
    public Runnable prepare(Transaction tx, Task task) {
        String id = task.resourceId();
        Map<Cache, List<AclUser>> targets = switch (task.kind()) {
            case USER_GROUP_MODIFY -> targets(tx, Caches.referencing(tx, id));
            case USER_MODIFY -> {
                Set<Cache.Ref> caches = new LinkedHashSet<>();
                for (String groupId : tx.userGroups().groupsReferencing(id)) {
                    caches.addAll(Caches.referencing(tx, groupId));
                }
                yield targets(tx, new ArrayList<>(caches));
            }
            // The user has already left its groups; any cache may still have it.
            case USER_DELETE -> targets(tx, Caches.all(tx));
            default -> null;
        };
        if (targets == null) {
            return () -> handle(task);
        }
        return () -> {
            apply(targets);
            transitions.complete(task);
        };
    }

    /**
     * Completes the user and user group transitions that no cache can see: no cache is attached to
     * the group (or to any group of the user; for a deleted user, there is no cache at all). The
     * check and the completion share {@code tx}, so no attachment slips in between.
     */
    @Override
    public List<Task> completeInStore(Transaction tx, List<Task> tasks) {
        List<Task> done = new ArrayList<>();
        Set<String> left = new HashSet<>();
        for (Task task : tasks) {
            if (left.contains(task.resourceId()) || !storeOnly(tx, task)) {
                left.add(task.resourceId());
                continue;
            }
            transitions.complete(tx, task);
            done.add(task);
        }
        return done;
    }

    private static boolean storeOnly(Transaction tx, Task task) {
        String id = task.resourceId();
        return switch (task.kind()) {
            case USER_GROUP_CREATE, USER_GROUP_DELETE -> true;
            case USER_GROUP_MODIFY -> Caches.referencing(tx, id).isEmpty();
            case USER_MODIFY -> tx.userGroups().groupsReferencing(id).stream()
                    .allMatch(groupId -> Caches.referencing(tx, groupId).isEmpty());
            case USER_DELETE -> Caches.none(tx);
            case REPLICATION_GROUP_CREATE, REPLICATION_GROUP_MODIFY, REPLICATION_GROUP_DELETE,
                 SERVERLESS_CACHE_CREATE, SERVERLESS_CACHE_MODIFY, SERVERLESS_CACHE_DELETE -> false;
        };
    }

    /**
     * The desired ACL of each of these caches (skipping those being created or deleted); caches
     * guarded by the same groups share one computation. Read in one transaction: what is applied
     * includes every change committed before it.
     */
    private static Map<Cache, List<AclUser>> targets(Transaction tx, List<Cache.Ref> cacheIds) {
        Map<List<String>, List<AclUser>> byGroups = new HashMap<>();
        Map<Cache, List<AclUser>> out = new LinkedHashMap<>();
        for (Cache.Ref cacheId : cacheIds) {
            Caches.find(tx, cacheId)
                    .filter(g -> g.status() == CacheStatus.AVAILABLE || g.status() == CacheStatus.MODIFYING)
                    .filter(Cache::aclManaged)
                    .ifPresent(g -> out.put(g, g.effectiveUserGroupIds().isEmpty() ? DesiredAcl.of(tx, g)
                            : byGroups.computeIfAbsent(g.effectiveUserGroupIds(), k -> DesiredAcl.of(tx, g))));
        }
        return out;
    }

    /** Applies each cache's ACL to every node, all caches and nodes at once; throws if any node is down or disagrees. */
    private void apply(Map<Cache, List<AclUser>> targets) {
        if (targets.isEmpty()) {
            return;
        }
        engine.inParallel(targets.entrySet().stream().<Runnable>map(e -> () -> engine.locked(
                e.getKey().ref(), () -> engine.applyAcl(e.getKey(), e.getValue()))).toList());
    }

    /**
     * What a replication group's modification does to its nodes before the ACL pass: replicas being
     * removed are stopped, and an accepted TestFailover promotes a replica (the old primary returning
     * as its replica). @return the group as it is now
     */
    private ReplicationGroup applyNodeChanges(ReplicationGroup unconverted) {
        ReplicationGroup stored = cluster.convert(unconverted); // a ClusterMode change restarts the nodes first
        if (stored.runsAsCluster()) {
            return cluster.applyChanges(stored); // by cluster commands: cluster nodes refuse REPLICAOF
        }
        engine.stopRemoved(stored);
        // An engine upgrade: node by node, replicas first.
        ReplicationGroup group = upgrade.roll(stored);
        if (!group.failoverRequested()) {
            return group;
        }
        String oldPrimary = group.primary().cacheClusterId();
        ReplicationGroup promoted = failover.planned(group).orElseThrow(() -> new NodeUnavailableException(
                "no replica of " + group.replicationGroupId() + " can be promoted yet"));
        failover.returnAsReplica(promoted, oldPrimary);
        return promoted;
    }

    private static Cache.Ref ref(Task task) {
        return switch (task.kind()) {
            case SERVERLESS_CACHE_CREATE, SERVERLESS_CACHE_MODIFY, SERVERLESS_CACHE_DELETE ->
                    Cache.Ref.serverlessCache(task.resourceId());
            default -> Cache.Ref.replicationGroup(task.resourceId());
        };
    }

    private Optional<Cache> load(Cache.Ref ref) {
        return store.inTransaction(tx -> Caches.find(tx, ref));
    }

    private List<AclUser> desired(Cache cache) {
        return store.inTransaction(tx -> DesiredAcl.of(tx, cache));
    }
}
