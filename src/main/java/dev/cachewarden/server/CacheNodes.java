package dev.cachewarden.server;

import dev.cachewarden.engine.AclApplier;
import dev.cachewarden.engine.node.AdminCredentials;
import dev.cachewarden.domain.Cache;
import dev.cachewarden.engine.CacheEngine;
import dev.cachewarden.engine.CacheTaskHandler;
import dev.cachewarden.engine.node.CertificateAuthority;
import dev.cachewarden.engine.EngineRuntime;
import dev.cachewarden.engine.node.ExternalAccess;
import dev.cachewarden.engine.NodeConnector;
import dev.cachewarden.engine.node.AofFsync;
import dev.cachewarden.engine.node.NodeSupervisor;
import dev.cachewarden.engine.Reconciler;
import dev.cachewarden.engine.TaskHandler;
import dev.cachewarden.front.EndpointKind;
import dev.cachewarden.front.FrontEndpoint;
import dev.cachewarden.front.FrontServer;
import dev.cachewarden.front.FrontTarget;
import dev.cachewarden.front.TcpUpstreams;
import dev.cachewarden.front.PassThroughAuthenticator;
import dev.cachewarden.service.cache.CacheTransitions;
import dev.cachewarden.service.Transitions;
import dev.cachewarden.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine side of caches, wired: node processes under {@code <data dir>/nodes}, the admin password
 * and the CA under the data dir ({@code tls/ca.crt} is what clients trust), the reconciler. With an
 * in-memory store all of it lives in a temporary directory removed at close.
 */
public final class CacheNodes implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CacheNodes.class);
    private final Path root;
    private final boolean temporary;
    private final EngineRuntime runtime;
    /** Loaded or generated when the first node needs a certificate: a server without caches never does. */
    private CertificateAuthority ca;
    private final NodeConnector connector;
    private final NodeSupervisor supervisor;
    private final FrontServer front;
    private final CacheEngine engine;
    /** Cluster-mode groups' nodes, run with Redis Cluster's commands. */
    private final dev.cachewarden.engine.ClusterEngine cluster;
    private final Reconciler reconciler;
    /** Promotes a replica when a primary of a group with automatic failover dies or stops answering. */
    private final dev.cachewarden.engine.PrimaryWatch primaryWatch;
    private final Store store;
    /** The IAM users' node secrets: the ACL applier sets their hashes, the front authenticates with them. */
    private final dev.cachewarden.engine.IamSecrets iamSecrets;

    /** External caches served through the front, with the endpoints they publish. */
    private record Fronted(ExternalCaches.ExternalCache cache, List<dev.cachewarden.domain.CacheNode> endpoints) {}

    private final List<Fronted> fronted;
    /** The front's way to external servers (TCP, TLS), opened with the first fronted external cache. */
    private final TcpUpstreams upstreams = new TcpUpstreams();

    private CacheNodes(Path root, boolean temporary, boolean stopNodesOnExit, CacheConfig config, Store store,
                       AofFsync fsync) {
        this.root = root;
        this.temporary = temporary;
        this.store = store;
        // Read first: a broken file stops the start before any process or thread exists.
        List<ExternalCaches.ExternalCache> externals = config.externalCaches() == null ? List.of()
                : ExternalCaches.read(config.externalCaches());
        Map<String, List<dev.cachewarden.domain.CacheNode>> published =
                ExternalCaches.register(store, externals, System.currentTimeMillis());
        this.fronted = externals.stream().filter(ExternalCaches.ExternalCache::front)
                .map(c -> new Fronted(c, published.get(c.replicationGroupId()))).toList();
        this.runtime = new EngineRuntime(config.engineBinary(), config.cachePort() == 0 ? java.util.OptionalInt.empty()
                : java.util.OptionalInt.of(config.cachePort()));
        AdminCredentials admin = AdminCredentials.loadOrCreate(root);
        Path caCertificate = root.resolve("tls").resolve(CA_CERTIFICATE);
        log.info("cache nodes run under {}; TLS clients trust {}, created with the first cache (e.g. redis-cli "
                + "--tls --cacert {})", root, caCertificate, caCertificate);
        // Nodes admit on their private TLS port only certificates of the CA: cachewarden presents this one.
        this.connector = new NodeConnector(admin, caCertificate,
                () -> ca().nodeCertificate(root.resolve("tls").resolve("management"), "cachewarden-management"),
                this::nodeSocket);
        Reconciler[] reconcilerRef = new Reconciler[1];
        this.supervisor = new NodeSupervisor(runtime::requireBinary, root.resolve("nodes"), admin, this::ca,
                id -> reconcilerRef[0].nodeRestarted(id), this::publishedPorts, temporary || stopNodesOnExit, fsync);
        runtime.avoid(supervisor::internalPorts);
        supervisor.nodeBinaries(dev.cachewarden.engine.NodeEngines.binaries(supervisor, runtime));
        Map<String, ExternalAccess> access = new HashMap<>();
        externals.forEach(c -> access.put(c.replicationGroupId(), c.access()));
        this.iamSecrets = dev.cachewarden.engine.IamSecrets.of(admin);
        this.front = new FrontServer(new PassThroughAuthenticator(), config.frontLimits());
        this.engine = new CacheEngine(supervisor, new AclApplier(connector, iamSecrets), access, front);
        this.cluster = new dev.cachewarden.engine.cluster.RedisCluster(store, engine, connector);
        this.reconciler = new Reconciler(store, engine, config.reconcileInterval());
        reconcilerRef[0] = reconciler;
        this.primaryWatch = new dev.cachewarden.engine.PrimaryWatch(store, engine, connector, cluster,
                dev.cachewarden.engine.PrimaryWatch.UNANSWERED);
    }

    /** The file name CertificateAuthority gives the CA certificate in its directory. */
    private static final String CA_CERTIFICATE = "ca.crt";

    private synchronized CertificateAuthority ca() {
        if (ca == null) {
            ca = CertificateAuthority.loadOrCreate(root.resolve("tls"));
        }
        return ca;
    }

    static CacheNodes open(ServerConfig server, CacheConfig config, Store store) throws IOException {
        if (server.dataDir() != null && !server.inMemory()) {
            // Private like the store's: it will hold the nodes' admin password and TLS keys.
            dev.cachewarden.secrets.SecretFiles.createPrivateDirectory(server.dataDir());
            return new CacheNodes(server.dataDir().toAbsolutePath(), false, server.stopNodesOnExit(), config, store,
                    aofFsync(server));
        }
        return new CacheNodes(Files.createTempDirectory("cachewarden-nodes"), true, true, config, store, aofFsync(server));
    }

    /** The nodes' append-only files follow the store's durability: an fsync per reply for power-loss. */
    private static AofFsync aofFsync(ServerConfig server) {
        return server.durability() == dev.cachewarden.store.jdbc.Durability.POWER_LOSS ? AofFsync.ALWAYS : AofFsync.NO;
    }

    TaskHandler taskHandler(Transitions transitions, CacheTransitions cacheTransitions) {
        return new CacheTaskHandler(store, engine, connector, cluster, transitions, cacheTransitions);
    }

    EngineRuntime runtime() {
        return runtime;
    }

    /** Adopts the nodes left running by an earlier run (and stops those of deleted caches) before any cache work. */
    void start() {
        List<Cache> caches = store.inTransaction(tx -> java.util.stream.Stream.concat(
                tx.replicationGroups().all().stream().filter(g -> !g.external()).map(Cache.class::cast),
                tx.serverlessCaches().all().stream().map(Cache.class::cast)).toList());
        var adoption = supervisor.adopt(caches.stream().flatMap(c -> c.nodes().stream())
                .map(dev.cachewarden.domain.CacheNode::cacheClusterId).toList());
        // A kill mid-failover can leave a node's own role at odds with the store: the store's word wins.
        new dev.cachewarden.engine.AdoptedRoles(engine, connector).repair(caches.stream()
                .filter(dev.cachewarden.domain.ReplicationGroup.class::isInstance)
                .map(dev.cachewarden.domain.ReplicationGroup.class::cast).toList(), adoption.adopted());
        serveAdopted(caches, java.util.Set.copyOf(adoption.adopted()));
        supervisor.start();
        primaryWatch.start();
        serveExternalFronts();
        reconciler.start();
    }

    /**
     * Opens the front's listeners of the external caches that ask for one: each node's published port
     * relays to the server itself, TLS with a certificate of cachewarden's CA when the cache has TLS.
     */
    private void serveExternalFronts() {
        for (Fronted f : fronted) {
            ExternalCaches.ExternalCache c = f.cache();
            for (int i = 0; i < c.nodes().size(); i++) {
                dev.cachewarden.domain.CacheNode server = c.nodes().get(i);
                dev.cachewarden.domain.CacheNode endpoint = f.endpoints().get(i);
                var upstream = upstreams.open(new TcpUpstreams.Server(server.cacheClusterId(), server.host(),
                        server.port(), c.tls(), c.access().caCertificate()));
                // The certificate names the bind address too, so clients there can verify it.
                CertificateAuthority.NodeCertificate cert = c.tls() ? ca().nodeCertificate(root.resolve("tls")
                        .resolve("external").resolve(server.cacheClusterId()).resolve(c.frontBind()),
                        server.cacheClusterId(), List.of(c.frontBind())) : null;
                FrontEndpoint frontEndpoint = new FrontEndpoint(new FrontTarget(c.replicationGroupId(), false,
                        EndpointKind.NODE, server.cacheClusterId()), endpoint.port(),
                        cert == null ? null : cert.certificate(), cert == null ? null : cert.key(), upstream);
                try {
                    front.serve(frontEndpoint, java.net.InetAddress.getByName(c.frontBind()));
                } catch (java.net.UnknownHostException e) {
                    throw new IllegalStateException("front-bind " + c.frontBind() + " of " + c.replicationGroupId(), e);
                }
            }
        }
    }

    /**
     * The front listens again at once for every cache whose nodes were all adopted: they kept their
     * data and the ACL last applied, so clients only reconnect. The reconciler then checks each ACL,
     * and starts the nodes that were not running, as at every start.
     */
    private void serveAdopted(List<Cache> caches, java.util.Set<String> adopted) {
        for (Cache cache : caches) {
            boolean serving = cache.status() == dev.cachewarden.domain.CacheStatus.AVAILABLE
                    || cache.status() == dev.cachewarden.domain.CacheStatus.MODIFYING;
            if (serving && cache.aclManaged() && !cache.nodes().isEmpty()
                    && cache.nodes().stream().allMatch(n -> adopted.contains(n.cacheClusterId()))) {
                try {
                    engine.locked(cache.ref(), () -> engine.ensureRunning(cache));
                } catch (RuntimeException e) {
                    log.warn("cannot serve the adopted nodes of {} yet: {}", cache.ref(), e.getMessage());
                }
            }
        }
    }

    /** The published ports of every stored node, which no node's private port may take. */
    private java.util.Collection<Integer> publishedPorts() {
        return store.inTransaction(tx -> tx.replicationGroups().all().stream()
                .flatMap(g -> g.publishedPorts().stream()).toList());
    }

    /** The front that listens on every published endpoint of the managed caches. */
    public FrontServer front() {
        return front;
    }

    /** Stops a removed cache's nodes and closes its front listeners. */
    public void stop(Cache cache) {
        engine.stop(cache);
    }

    public NodeSupervisor supervisor() {
        return supervisor;
    }

    /** Parameter group values go to the nodes on every reconcile pass (issue 14). */
    public void applyParameters(dev.cachewarden.service.cache.RuntimeParameters parameters) {
        reconciler.parameters(new dev.cachewarden.engine.ParameterApplier(store, connector, parameters));
    }

    public Reconciler reconciler() {
        return reconciler;
    }

    public dev.cachewarden.engine.IamSecrets iamSecrets() {
        return iamSecrets;
    }

    /** The CA certificate that TLS clients of the nodes trust. */
    public Path caCertificate() {
        return ca().caCertificate();
    }

    @Override
    public void close() {
        primaryWatch.close();
        reconciler.close();
        front.close();
        upstreams.close();
        supervisor.close();
        connector.close();
        if (temporary) {
            try (var walk = Files.walk(root)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary directory; the OS cleans it eventually
            }
        }
    }

    /** A managed node's unix socket, where the connector reaches it without TLS (NodeConnector). */
    private Path nodeSocket(String cacheClusterId) {
        return supervisor == null ? null : supervisor.socketPath(cacheClusterId);
    }
}
