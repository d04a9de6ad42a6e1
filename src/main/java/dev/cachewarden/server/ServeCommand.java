package dev.cachewarden.server;

import dev.cachewarden.service.ServiceSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Starts the server. Every option can also come from an environment variable
 * {@code CACHEWARDEN_<NAME>} and from the {@code --config} file (see {@link ServeOptions}): a flag wins
 * over the variable, the variable over the file, the file over the default.
 */
final class ServeCommand {
    final Path config;
    final int port;
    final String bind;
    final Path dataDir;
    final boolean inMemory;
    final String databaseUrl;
    final String region;
    final String accountId;
    final Duration transitionDelay;
    final int maxUsers;
    final int maxUserGroups;
    final int maxUsersPerGroup;
    final Path portFile;
    final boolean noAuth;
    final Path principalsFile;
    final Path tlsCert;
    final Path tlsKey;
    final Duration idleTimeout;
    final int maxConnections;
    final Path engineBinary;
    final Duration reconcileInterval;
    final int cachePort;
    final Duration iamConnectionLifetime;
    final Path externalCaches;
    final String logFormat;
    final boolean enableFaults;
    final Path faultsFile;
    final boolean enableReset;
    final boolean stopNodesOnExit;
    final String durability;
    /** The benchmark's ceiling endpoint, POST /__noop (docs/bench.md). */
    final boolean benchNoop;

    private ServeCommand(Map<String, Object> v) {
        config = (Path) v.get("--config");
        port = (Integer) v.get("--port");
        bind = (String) v.get("--bind");
        dataDir = (Path) v.get("--data-dir");
        inMemory = (Boolean) v.get("--in-memory");
        databaseUrl = (String) v.get("--database-url");
        region = (String) v.get("--region");
        accountId = (String) v.get("--account-id");
        transitionDelay = (Duration) v.get("--transition-delay");
        maxUsers = (Integer) v.get("--max-users");
        maxUserGroups = (Integer) v.get("--max-user-groups");
        maxUsersPerGroup = (Integer) v.get("--max-users-per-user-group");
        portFile = (Path) v.get("--port-file");
        noAuth = (Boolean) v.get("--no-auth");
        principalsFile = (Path) v.get("--principals-file");
        tlsCert = (Path) v.get("--tls-cert");
        tlsKey = (Path) v.get("--tls-key");
        idleTimeout = (Duration) v.get("--idle-timeout");
        maxConnections = (Integer) v.get("--max-connections");
        engineBinary = (Path) v.get("--engine-binary");
        reconcileInterval = (Duration) v.get("--reconcile-interval");
        cachePort = (Integer) v.get("--cache-port");
        iamConnectionLifetime = (Duration) v.get("--iam-connection-lifetime");
        externalCaches = (Path) v.get("--external-caches");
        logFormat = (String) v.get("--log-format");
        enableFaults = (Boolean) v.get("--enable-faults");
        faultsFile = (Path) v.get("--faults");
        enableReset = (Boolean) v.get("--enable-reset");
        stopNodesOnExit = (Boolean) v.get("--stop-nodes-on-exit");
        durability = (String) v.get("--durability");
        benchNoop = (Boolean) v.get("--bench-noop");
    }

    /**
     * {@code serve args} with the defaults taken from {@code env} and the config file. The file is named
     * by {@code --config} or CACHEWARDEN_CONFIG and read first: it supplies defaults to the flags.
     */
    static ServeCommand parse(List<String> args, Map<String, String> env) {
        java.nio.file.Path configPath = configPath(args, env);
        ConfigFile file = configPath == null ? null : ConfigFile.load(configPath);
        return new ServeCommand(ServeOptions.resolve(args, env, file));
    }

    /** {@code --config FILE} or {@code --config=FILE}, else CACHEWARDEN_CONFIG, else none. */
    private static Path configPath(List<String> args, Map<String, String> env) {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--config") && i + 1 < args.size()) {
                return Path.of(args.get(i + 1));
            }
            if (args.get(i).startsWith("--config=")) {
                return Path.of(args.get(i).substring("--config=".length()));
            }
        }
        String fromEnv = env.get(ServeOption.variable("config"));
        return fromEnv == null || fromEnv.isEmpty() ? null : Path.of(fromEnv);
    }

    /** Runs the server until SIGTERM or SIGINT; 0 once it stopped cleanly. */
    int call() throws Exception {
        try {
            LogConfigurator.checkFormat(logFormat);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--log-format: " + e.getMessage());
        }
        if (cachePort != 0 && (cachePort < 1024 || cachePort > 65535)) {
            throw new UsageException("--cache-port: 0, or a port from 1024 to 65535");
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new UsageException("--tls-cert and --tls-key go together");
        }
        ServerConfig config = new ServerConfig(bind, port, dataDir, inMemory, blankToNull(databaseUrl),
                System.getenv("CACHEWARDEN_DATABASE_USER"), System.getenv("CACHEWARDEN_DATABASE_PASSWORD"),
                region, accountId, transitionDelay,
                new ServiceSettings.Quotas(maxUsers, maxUserGroups, maxUsersPerGroup,
                        ServiceSettings.Quotas.AWS_DEFAULTS.tagsPerResource()),
                System.getenv("CACHEWARDEN_ACCESS_KEY_ID"), System.getenv("CACHEWARDEN_SECRET_ACCESS_KEY"),
                new ServerConfig.Security(noAuth, principalsFile, tlsCert, tlsKey, idleTimeout, maxConnections),
                new ServerConfig.Operator(enableFaults || faultsFile != null, faultsFile, enableReset),
                stopNodesOnExit, dev.cachewarden.store.jdbc.Durability.PROCESS_CRASH);
        try {
            config = config.withDurability(dev.cachewarden.store.jdbc.Durability.parse(durability));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        // The store first: opening it is the start's longest path, and it needs nothing set up below.
        StoreOpening opening = StoreOpening.start(config);
        CachewardenServer server;
        try {
            LogConfigurator.useFormat(logFormat);
            server = new CachewardenServer(config, new CacheConfig(engineBinary, reconcileInterval,
                    externalCaches, dev.cachewarden.front.FrontLimits.defaults(), iamConnectionLifetime, cachePort),
                    opening);
        } catch (Exception | Error e) {
            opening.abandon();
            throw e;
        }
        if (benchNoop) {
            server.enableBenchNoop();
        }
        // SIGTERM and SIGINT ask for a clean stop that ends with exit status 0; the JVM's own handling
        // would run shutdown hooks and exit 143. The hook stays for every other way the JVM ends.
        CountDownLatch stopRequested = new CountDownLatch(1);
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> stopRequested.countDown());
            } catch (IllegalArgumentException e) {
                // The JVM keeps this signal (e.g. -Xrs); its default handling and the hook remain.
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            LogConfigurator.flush(); // its last lines: the log's own hook may have run first
        }, "shutdown"));
        server.start();
        if (portFile != null) {
            writePortFile(portFile, server.port());
        }
        stopRequested.await();
        server.close();
        LogConfigurator.flush();
        return 0;
    }

    /** Written whole or not at all (a temporary file moved into place), so a reader never sees half. */
    private static void writePortFile(Path file, int port) throws java.io.IOException {
        Path absolute = file.toAbsolutePath();
        Path tmp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        Files.writeString(tmp, port + "\n");
        Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
