package dev.cachewarden.server;

import dev.cachewarden.api.ActionRegistry;
import dev.cachewarden.api.AddTagsToResource;
import dev.cachewarden.api.CreateReplicationGroup;
import dev.cachewarden.api.CreateServerlessCache;
import dev.cachewarden.api.CreateUser;
import dev.cachewarden.api.CreateUserGroup;
import dev.cachewarden.api.DecreaseReplicaCount;
import dev.cachewarden.api.DeleteReplicationGroup;
import dev.cachewarden.api.DeleteServerlessCache;
import dev.cachewarden.api.DeleteUser;
import dev.cachewarden.api.DeleteUserGroup;
import dev.cachewarden.api.DescribeCacheClusters;
import dev.cachewarden.api.DescribeEvents;
import dev.cachewarden.api.DescribeReplicationGroups;
import dev.cachewarden.api.DescribeServerlessCaches;
import dev.cachewarden.api.DescribeUserGroups;
import dev.cachewarden.api.DescribeUsers;
import dev.cachewarden.api.IncreaseReplicaCount;
import dev.cachewarden.api.ListTagsForResource;
import dev.cachewarden.api.ModifyReplicationGroup;
import dev.cachewarden.api.ModifyServerlessCache;
import dev.cachewarden.api.ModifyUser;
import dev.cachewarden.api.ModifyUserGroup;
import dev.cachewarden.api.RemoveTagsFromResource;
import dev.cachewarden.api.TestFailover;
import dev.cachewarden.auth.ApiAuth;
import dev.cachewarden.engine.TransitionWorker;
import dev.cachewarden.faults.FaultInjector;
import dev.cachewarden.faults.FaultPlan;
import dev.cachewarden.metrics.Metrics;
import dev.cachewarden.service.cache.CacheService;
import dev.cachewarden.service.cache.CacheTransitions;
import dev.cachewarden.service.EventService;
import dev.cachewarden.service.cache.ReplicaService;
import dev.cachewarden.service.cache.ServerlessCacheService;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.service.cache.TagService;
import dev.cachewarden.service.Transitions;
import dev.cachewarden.service.UserGroupService;
import dev.cachewarden.service.UserService;
import dev.cachewarden.store.Store;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;

/** Wires the layers together and runs them: store, services, transition worker, HTTP. */
public final class CachewardenServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CachewardenServer.class);

    private final ServerConfig config;
    private final Store store;
    private final TransitionWorker worker;
    private final Server http;
    private final ServerConnector connector;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private final CacheNodes nodes;
    /** Faults injected on purpose; its node faults are cleared at close. */
    private final FaultInjector faults;
    /** This server's share of the process's metrics, removed at close. */
    private Metrics.Registration metricsSource = () -> { };
    /** When construction began and ended (System.nanoTime), for the start's timing line. */
    private final long building = System.nanoTime();
    private final long built;

    public CachewardenServer(ServerConfig config) throws Exception {
        this(config, CacheConfig.defaults());
    }

    public CachewardenServer(ServerConfig config, CacheConfig cacheConfig) throws Exception {
        this(config, cacheConfig, StoreOpening.start(config));
    }

    /** With the store's opening already under way (serve starts it first: it is the start's longest path). */
    CachewardenServer(ServerConfig config, CacheConfig cacheConfig, StoreOpening opening) throws Exception {
        this.config = config;
        Clock clock = Clock.systemUTC();
        ServiceSettings settings = new ServiceSettings(config.region(), config.accountId(), config.transitionDelay(),
                config.quotas(), clock);
        // The store opens on its own thread meanwhile (StoreOpening): what needs no store comes first.
        ApiAuth apiAuth;
        FaultInjector faults = new FaultInjector();
        try {
            QueuedThreadPool threads = new QueuedThreadPool();
            threads.setName("http");
            threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
            this.http = new Server(threads);
            this.connector = HttpEdge.connector(http, config);
            apiAuth = ApiSecurity.create(config, settings, System.out);
            this.store = opening.await();
        } catch (Exception | Error e) {
            opening.abandon();
            throw e;
        }

        Transitions transitions = new Transitions(store, settings);
        this.nodes = CacheNodes.open(config, cacheConfig, store);
        this.worker = new TransitionWorker(store, nodes.taskHandler(transitions, new CacheTransitions(store, settings)),
                clock);
        CacheService caches = new CacheService(store, settings, nodes.runtime(), worker::wake);
        ReplicaService replicas = new ReplicaService(store, settings,
                nodes.runtime(), worker::wake);
        dev.cachewarden.service.cache.ShardService shards = new dev.cachewarden.service.cache.ShardService(store, settings,
                nodes.runtime(), worker::wake);
        ServerlessCacheService serverless = new ServerlessCacheService(store, settings, nodes.runtime(), worker::wake);
        UserService users = new UserService(store, settings, worker::wake);
        UserGroupService groups = new UserGroupService(store, settings, worker::wake);
        var describeCache = new dev.cachewarden.service.DescribeCache(store);
        TagService tags = new TagService(store, settings);
        var subnetGroups = new dev.cachewarden.service.cache.CacheSubnetGroupService(store, settings);
        var parameterGroups = new dev.cachewarden.service.cache.CacheParameterGroupService(store, settings,
                dev.cachewarden.service.cache.ParameterCatalogue.builtIn());
        var references = new dev.cachewarden.service.cache.CacheGroupReferences(store, parameterGroups);
        nodes.applyParameters(new dev.cachewarden.service.cache.RuntimeParameters(parameterGroups));
        parameterGroups.onValuesChanged(name -> nodes.reconciler().wake());
        ActionRegistry actions = new ActionRegistry(java.util.stream.Stream.concat(List.<dev.cachewarden.api.ApiAction>of(
                new CreateUser(users, settings), new ModifyUser(users, settings), new DeleteUser(users, settings),
                new DescribeUsers(users, settings, describeCache), new CreateUserGroup(groups, settings),
                new ModifyUserGroup(groups, settings), new DeleteUserGroup(groups, settings),
                new DescribeUserGroups(groups, settings, describeCache), new AddTagsToResource(tags),
                new RemoveTagsFromResource(tags), new ListTagsForResource(tags),
                new CreateReplicationGroup(caches, settings, references), new ModifyReplicationGroup(caches, settings, references),
                new DeleteReplicationGroup(caches, settings), new DescribeReplicationGroups(caches, settings),
                new DescribeCacheClusters(caches, settings, references), new CreateServerlessCache(serverless, settings),
                new ModifyServerlessCache(serverless, settings), new DeleteServerlessCache(serverless, settings),
                new DescribeServerlessCaches(serverless, settings),
                new dev.cachewarden.api.DescribeCacheEngineVersions(
                        new dev.cachewarden.service.cache.CacheEngineVersions(nodes.runtime())),
                new TestFailover(replicas, settings),
                new dev.cachewarden.api.ModifyReplicationGroupShardConfiguration(shards, settings),
                new IncreaseReplicaCount(replicas, settings),
                new DecreaseReplicaCount(replicas, settings),
                new DescribeEvents(new EventService(store, settings))).stream(),
                dev.cachewarden.api.CacheGroupActions.all(subnetGroups, parameterGroups, settings).stream()).toList());

        // On stop, each open connection's idle timeout drops to this. With Jetty's 1 s an SDK client's
        // idle keep-alive connection held close() for seconds; now a SIGTERM ends in about one.
        connector.setShutdownIdleTimeout(500);
        http.addConnector(connector);
        http.setErrorHandler(new AwsErrorHandler());
        // IAM users connect with tokens signed by the API's principals (docs/caches.md).
        nodes.front().authenticator(dev.cachewarden.front.iam.IamAuthenticator.create(store, settings,
                apiAuth.principals(), nodes.iamSecrets(), cacheConfig.iamConnectionLifetime()));
        if (config.operator().faultsFile() != null) {
            try {
                faults.replace(OperatorHandler.load(config.operator().faultsFile(), actions.names()));
            } catch (Exception e) {
                nodes.close(); // a bad plan stops the start: nothing opened so far stays open
                store.close();
                throw e;
            }
        }
        this.faults = faults;
        http.setHandler(new Handler.Sequence(new HealthHandler(store), new MetricsHandler(),
                new ConsoleHandler(new ConsoleState(store, nodes.supervisor()::isRunning)),
                new OperatorHandler(config.operator(), faults, actions.names(), this::reset),
                new ApiHandler(actions, apiAuth, faults)));
        http.setStopTimeout(5_000);
        built = System.nanoTime();
    }

    public void start() throws Exception {
        metricsSource = Metrics.report(new ServerMetrics(store, nodes.supervisor()));
        nodes.start(); // adopts the running nodes before the worker may start or stop any
        worker.start();
        http.start();
        long listening = System.nanoTime();
        log.debug("start: built in {} ms, started (nodes adopted, worker, HTTP) in {} ms",
                (built - building) / 1_000_000, (listening - built) / 1_000_000);
        log.info("cachewarden listening on http://{}:{} (region {}, account {}, state: {})", config.bind(), port(),
                config.region(), config.accountId(), describeState(config));
    }

    /** Back to a fresh start's state, for tests that share one server (ServerReset says what stays). */
    public void reset() {
        ServerReset.wipe(store, config.region(), config.accountId())
                .forEach(nodes::stop);
        nodes.reconciler().wake();
    }

    /** The running cache nodes, for operators and tests. */
    public CacheNodes nodes() {
        return nodes;
    }

    /** Benchmark only (docs/bench.md): adds the no-op ceiling endpoint in front of the others; before start. */
    void enableBenchNoop() {
        http.setHandler(new Handler.Sequence(new BenchNoopHandler(), http.getHandler()));
    }

    /** The bound port, which is the configured one unless that was 0. */
    public int port() {
        return connector.getLocalPort();
    }

    public void join() throws InterruptedException {
        http.join();
    }

    /** Stops HTTP first (in-flight requests finish), then the worker, then the store; once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long started = System.nanoTime();
        try {
            http.stop();
        } catch (Exception e) {
            log.warn("HTTP server did not stop cleanly", e);
        }
        faults.replace(FaultPlan.NONE); // a hung node fault lets the worker go
        worker.close();
        nodes.close();
        metricsSource.close();
        store.close();
        log.info("cachewarden stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    private static String describeState(ServerConfig config) {
        if (config.databaseUrl() != null) {
            return "PostgreSQL " + config.redactedDatabaseUrl();
        }
        return config.inMemory() ? "in memory (lost at exit)" : config.dataDir().toAbsolutePath().toString();
    }
}
