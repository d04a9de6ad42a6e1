package dev.cachewarden.engine;

import dev.cachewarden.domain.Cache;
import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.ServerlessCache;
import dev.cachewarden.engine.node.CertificateAuthority;
import dev.cachewarden.engine.node.ExternalAccess;
import dev.cachewarden.engine.node.NodeAddress;
import dev.cachewarden.engine.node.NodeSpec;
import dev.cachewarden.engine.node.NodeSupervisor;
import dev.cachewarden.front.EndpointKind;
import dev.cachewarden.front.FrontEndpoint;
import dev.cachewarden.front.FrontServer;
import dev.cachewarden.front.FrontTarget;
import java.net.UnixDomainSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * What the engine does to a cache's nodes: run them, apply and verify their ACL, stop them. Every
 * method either finishes on every node or throws, so that nothing is reported applied that is not.
 */
public final class CacheEngine {
    private final NodeSupervisor supervisor;
    /** Listens on every published endpoint of the caches cachewarden runs, in front of their nodes. */
    private final FrontServer front;
    private final AclApplier applier;
    /** One cache at a time: the worker and the reconciler never start and stop the same nodes at once. */
    private final java.util.Map<Cache.Ref, java.util.concurrent.locks.ReentrantLock> locks =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Access to external caches' nodes, by replication group id, from the configuration. */
    private final java.util.Map<String, ExternalAccess> externals;

    public CacheEngine(NodeSupervisor supervisor, AclApplier applier, java.util.Map<String, ExternalAccess> externals,
                       FrontServer front) {
        this.supervisor = supervisor;
        this.front = front;
        this.applier = applier;
        this.externals = java.util.Map.copyOf(externals);
    }

    public NodeSupervisor supervisor() {
        return supervisor;
    }

    public FrontServer front() {
        return front;
    }

    public AclApplier applier() {
        return applier;
    }

    /** Runs {@code work} holding this cache's lock. */
    public void locked(Cache.Ref cache, Runnable work) {
        java.util.concurrent.locks.ReentrantLock lock =
                locks.computeIfAbsent(cache, k -> new java.util.concurrent.locks.ReentrantLock());
        lock.lock();
        try {
            work.run();
        } finally {
            lock.unlock();
        }
    }

    /** The nodes that should run: a replication group's replicas being removed no longer do. */
    static List<CacheNode> serving(Cache cache) {
        return cache instanceof ReplicationGroup group ? group.servingNodes() : cache.nodes();
    }

    /** How one node runs: as the primary, or replicating from it. */
    public static NodeSpec spec(Cache cache, CacheNode node) {
        if (cache instanceof ReplicationGroup group && group.runsAsCluster()) {
            return clusterSpec(group, node);
        }
        return new NodeSpec(node.cacheClusterId(), node.port(), cache.transitEncryption(),
                node.primary() ? null : cache.primary().cacheClusterId());
    }

    public static List<NodeSpec> specs(Cache cache) {
        if (cache instanceof ReplicationGroup group && group.runsAsCluster()) {
            return clusterSpecs(group);
        }
        CacheNode primary = cache.primary();
        List<NodeSpec> specs = new ArrayList<>();
        specs.add(new NodeSpec(primary.cacheClusterId(), primary.port(), cache.transitEncryption(), null));
        for (CacheNode node : serving(cache)) {
            if (!node.primary()) {
                specs.add(new NodeSpec(node.cacheClusterId(), node.port(), cache.transitEncryption(),
                        primary.cacheClusterId()));
            }
        }
        return specs;
    }

    /** How a cluster-mode node runs: replicas name their shard's primary, though the cluster, not replicaof, sets it. */
    private static NodeSpec clusterSpec(ReplicationGroup group, CacheNode node) {
        String primary = node.primary() ? null : group.nodeGroups().stream()
                .filter(s -> s.nodeGroupId().equals(node.nodeGroupId())).findFirst()
                .map(s -> s.primary().cacheClusterId()).orElse(null);
        return new NodeSpec(node.cacheClusterId(), node.port(), group.transitEncryption(), primary, true, node.host());
    }

    /** Every serving node, the shards' primaries first (the ConfigurationEndpoint relays to the first). */
    private static List<NodeSpec> clusterSpecs(ReplicationGroup group) {
        List<NodeSpec> primaries = new ArrayList<>();
        List<NodeSpec> replicas = new ArrayList<>();
        for (CacheNode node : group.servingNodes()) {
            (node.primary() ? primaries : replicas).add(clusterSpec(group, node));
        }
        primaries.addAll(replicas);
        return primaries;
    }

    public List<NodeAddress> addresses(Cache cache) {
        if (cache instanceof ReplicationGroup group && group.external()) {
            ExternalAccess access = externals.get(group.replicationGroupId());
            if (access == null) {
                throw new NodeUnavailableException("external cache " + group.replicationGroupId()
                        + " is no longer in the configuration");
            }
            // The server itself: a cache served through the front publishes the front's endpoints.
            return cache.nodes().stream().map(n -> access.address(n, cache.transitEncryption())).toList();
        }
        return specs(cache).stream().map(s -> supervisor.managementAddress(s.cacheClusterId())).toList();
    }

    /**
     * Starts any node not running, the primary first, then the front's listeners: one per node port of
     * a replication group (its primary and reader endpoints are those ports), a serverless cache's
     * Endpoint and ReaderEndpoint.
     */
    public void ensureRunning(Cache cache) {
        if (cache.external()) {
            return;
        }
        List<NodeSpec> specs = specs(cache);
        TransitNodes.keepRunning(supervisor, specs); // TLS on or off in place restarts no node
        NodeEngines.assignNew(supervisor, cache, specs); // valkey-server for a Valkey cache's new nodes
        // A dead primary whose replica is being promoted stays down until it may return as a replica.
        specs.stream().filter(s -> !held.contains(s.cacheClusterId())).forEach(supervisor::ensureRunning);
        serveEndpoints(cache, specs);
    }

    /** The front's listeners of the cache, each relaying to the node that now holds its role. */
    public void serveEndpoints(Cache cache, List<NodeSpec> specs) {
        List<PublishedEndpoint> endpoints = new ArrayList<>();
        if (cache instanceof ServerlessCache serverless) {
            ServerlessEndpoints.of(serverless, specs, supervisor)
                    .forEach(e -> endpoints.add(new PublishedEndpoint(CacheNode.LOOPBACK, e)));
        } else {
            specs.forEach(spec -> endpoints.add(endpoint(cache, spec)));
            if (cache instanceof ReplicationGroup group) {
                endpoints.addAll(GroupEndpoints.of(group, specs, supervisor));
            }
        }
        endpoints.forEach(e -> front.serve(TransitNodes.endpoint(cache, e.endpoint()), e.bind()));
    }

    /** Nodes kept down by a failover in progress (see {@link PrimaryWatch}). */
    private final java.util.Set<String> held = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Keeps a dead node down (neither restarted by the supervisor nor started by a reconciliation pass). */
    public boolean hold(String cacheClusterId) {
        return held.add(cacheClusterId);
    }

    public void release(String cacheClusterId) {
        held.remove(cacheClusterId);
    }

    public boolean holding(String cacheClusterId) {
        return held.contains(cacheClusterId);
    }

    /** Stops and removes the nodes a DecreaseReplicaCount took out of the group. */
    public void stopRemoved(ReplicationGroup group) {
        for (CacheNode node : group.nodes()) {
            if (node.status() == CacheNode.Status.DELETING) {
                remove(node);
            }
        }
    }

    /** One node gone for good: its front listener closed, its process stopped, its files and kept connection dropped. */
    public void remove(CacheNode node) {
        front.stop(node.host(), node.port()); // a serverless node's port is 0 (unpublished) or, made before 2026-12, its endpoint's
        supervisor.stop(node.cacheClusterId(), true);
        applier.forget(node.cacheClusterId()); // also closes its kept connection
    }

    private PublishedEndpoint endpoint(Cache cache, NodeSpec spec) {
        FrontTarget target = new FrontTarget(cache.ref().id(), false, EndpointKind.NODE, spec.cacheClusterId());
        String host = cache.nodes().stream().filter(n -> n.cacheClusterId().equals(spec.cacheClusterId()))
                .map(CacheNode::host).findFirst().orElse(CacheNode.LOOPBACK);
        CertificateAuthority.NodeCertificate cert = GroupEndpoints.certificate(supervisor, spec, host);
        return new PublishedEndpoint(host, new FrontEndpoint(target, spec.port(), cert == null ? null : cert.certificate(),
                cert == null ? null : cert.key(), UnixDomainSocketAddress.of(supervisor.socketPath(spec.cacheClusterId()))));
    }

    /**
     * Applies the ACL on every node and reads it back, all nodes at once; throws, once every node has
     * answered or failed, if any node is down or disagrees.
     */
    public void applyAcl(Cache cache, List<AclUser> desired) {
        dev.cachewarden.faults.NodeFaults.beforeAclApply(cache.ref().id()); // off unless injected (README)
        inParallel(addresses(cache).stream().<Runnable>map(node -> () -> throttled(() -> applier.apply(node, desired))).toList());
    }

    /**
     * At most this many node conversations at once, whatever the number of caches and nodes. A
     * change's conversation is one pipelined round trip on a kept connection: at 16, the 40 nodes of 20
     * caches × 2 went in three waves, one after another, for each ModifyUserGroup.
     */
    private static final int NODE_CALLS = 64;
    private final java.util.concurrent.Semaphore nodeCalls = new java.util.concurrent.Semaphore(NODE_CALLS);

    /**
     * Runs every piece of work, each on its own virtual thread (those talking to nodes take one of
     * {@link #NODE_CALLS} permits), and waits for all of them; then throws the first failure, the
     * others suppressed in it. The last piece runs on the calling thread, which would only wait
     * otherwise: on two busy cores every hand-over to another thread and back is a wait for the
     * scheduler (a ModifyUserGroup on one cache of three nodes: two threads started, not three).
     */
    public void inParallel(List<Runnable> work) {
        if (work.isEmpty()) {
            return;
        }
        if (work.size() == 1) {
            work.get(0).run();
            return;
        }
        List<java.util.concurrent.Future<?>> running = new ArrayList<>();
        RuntimeException inline = null;
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (Runnable piece : work.subList(0, work.size() - 1)) {
                running.add(threads.submit(piece));
            }
            try {
                work.get(work.size() - 1).run();
            } catch (RuntimeException e) {
                inline = e;
            }
        }
        RuntimeException failure = null;
        for (java.util.concurrent.Future<?> f : running) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r
                        : new NodeUnavailableException(String.valueOf(e.getCause()));
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NodeUnavailableException("interrupted while waiting for the nodes");
            }
        }
        if (inline != null) {
            if (failure == null) {
                failure = inline;
            } else {
                failure.addSuppressed(inline);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Runs one conversation with a node within the bound of {@link #NODE_CALLS}. */
    void throttled(Runnable call) {
        try {
            nodeCalls.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeUnavailableException("interrupted while waiting to reach a node");
        }
        try {
            call.run();
        } finally {
            nodeCalls.release();
        }
    }

    /** Throws unless every replica reports its link to the primary up. */
    public void checkReplication(Cache cache, NodeConnector connector) {
        if (cache.external()) {
            return;
        }
        java.util.Set<String> primaries = new java.util.HashSet<>();
        specs(cache).stream().filter(s -> s.primaryId() == null).forEach(s -> primaries.add(s.cacheClusterId()));
        for (NodeAddress node : addresses(cache)) {
            if (primaries.contains(node.label())) {
                continue;
            }
            long deadline = System.currentTimeMillis() + 5_000;
            try (NodeSession session = connector.open(node)) {
                // A fresh replica needs a moment for its first sync; wait briefly before asking for a retry.
                while (!session.info("replication").contains("master_link_status:up")) {
                    if (System.currentTimeMillis() > deadline) {
                        throw new NodeUnavailableException("replica " + node + " is not yet in sync with its primary");
                    }
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new NodeUnavailableException("interrupted while waiting for " + node);
                    }
                }
            }
        }
    }

    public void stop(Cache cache) {
        dev.cachewarden.metrics.Metrics.cacheRemoved(cache.ref().id());
        if (cache.external()) {
            return;
        }
        if (cache instanceof ServerlessCache serverless) {
            front.stop(serverless.endpointPort());
            front.stop(serverless.readerEndpointPort());
        }
        if (cache instanceof ReplicationGroup group) {
            GroupEndpoints.stop(front, group);
        }
        cache.nodes().forEach(this::remove);
    }
}
