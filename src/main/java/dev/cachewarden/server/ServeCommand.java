package dev.cachewarden.server;

import dev.cachewarden.service.ServiceSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * Starts the server. Every option can also come from an environment variable
 * {@code CACHEWARDEN_<NAME>} and from the {@code --config} file (see {@link ServeDefaults}): a flag wins
 * over the variable, the variable over the file, the file over the default written here.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class, description = "Start the cachewarden API server.")
final class ServeCommand implements Callable<Integer> {
    /** Read by Main before picocli parses (the file supplies defaults); declared here for --help. */
    @Option(names = "--config", paramLabel = "FILE",
            description = "TOML file of settings: one key per option below, named as the flag without its dashes "
                    + "(see the README).")
    Path config;

    /** 4600 by default: distinct from LocalStack's 4566 and moto's 5000. */
    @Option(names = "--port", defaultValue = "4600",
            description = "Port for the API (0 picks a free one).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "Address to listen on.")
    String bind;

    @Option(names = "--data-dir", defaultValue = "cachewarden-data",
            description = "Directory of the embedded state.")
    Path dataDir;

    @Option(names = "--in-memory", defaultValue = "false",
            description = "Keep state in memory only (lost at exit); for throwaway runs and tests.")
    boolean inMemory;

    @Option(names = "--database-url", description = "PostgreSQL JDBC URL, to share state between instances (user and password from "
                    + "CACHEWARDEN_DATABASE_USER and CACHEWARDEN_DATABASE_PASSWORD).")
    String databaseUrl;

    @Option(names = "--region", defaultValue = "us-east-1",
            description = "Region in ARNs.")
    String region;

    @Option(names = "--account-id", defaultValue = "000000000000",
            description = "Account in ARNs.")
    String accountId;

    @Option(names = "--transition-delay", defaultValue = "0s",
            converter = DurationConverter.class,
            description = "Least time a resource stays creating, modifying or deleting (e.g. 0s, 500ms, 2s, 1m).")
    Duration transitionDelay;

    @Option(names = "--max-users", defaultValue = "1000",
            description = "Quota of users, as AWS.")
    int maxUsers;

    @Option(names = "--max-user-groups", defaultValue = "100",
            description = "Quota of user groups, as AWS.")
    int maxUserGroups;

    @Option(names = "--max-users-per-user-group", defaultValue = "100",
            description = "Quota of users in one group, as AWS.")
    int maxUsersPerGroup;

    @Option(names = "--port-file", description = "Once listening, write the bound port to this file (useful with --port 0).")
    Path portFile;

    @Option(names = "--no-auth", defaultValue = "false",
            description = "Accept any caller, signed or not, as the root principal. For throwaway setups only.")
    boolean noAuth;

    @Option(names = "--principals-file", description = "JSON file (mode 0600) of further access keys, each with an IAM-style policy; see SECURITY.md.")
    Path principalsFile;

    @Option(names = "--tls-cert", description = "PEM certificate chain: serve the API over HTTPS (needs --tls-key).")
    Path tlsCert;

    @Option(names = "--tls-key", description = "PEM PKCS#8 private key of --tls-cert (mode 0600).")
    Path tlsKey;

    @Option(names = "--idle-timeout", defaultValue = "30s",
            converter = DurationConverter.class,
            description = "Close API connections silent this long (slow clients).")
    Duration idleTimeout;

    @Option(names = "--max-connections", defaultValue = "512",
            description = "Open API connections at most; more wait to be accepted.")
    int maxConnections;

    @Option(names = "--engine-binary", description = "redis-server (or valkey-server) that runs the cache nodes. Default: found on PATH.")
    Path engineBinary;

    @Option(names = "--reconcile-interval", defaultValue = "10s",
            converter = DurationConverter.class,
            description = "How often every cache node's ACL is compared with the desired state and repaired "
                    + "(also done after every node restart).")
    Duration reconcileInterval;

    @Option(names = "--cache-port", defaultValue = "0",
            description = "The Port of a replication group created without one, as AWS answers 6379: every endpoint then "
                    + "listens on that port, each on a loopback address of its own (127.x.y.z). 0 (default): every "
                    + "endpoint on 127.0.0.1 with a free port of its own. Set 6379 for Terraform/CDK read-back without a diff.")
    int cachePort;

    @Option(names = "--iam-connection-lifetime", defaultValue = "12h",
            converter = DurationConverter.class,
            description = "How long a connection authenticated with an IAM token lives after its last successful "
                    + "AUTH or HELLO (ElastiCache: 12 hours).")
    Duration iamConnectionLifetime;

    @Option(names = "--external-caches", description = "Properties file listing existing Redis servers to administer as replication groups "
                    + "(see docs/caches.md).")
    Path externalCaches;

    @Option(names = "--log-format", defaultValue = "text",
            description = "Log lines as text or json (one object per line, for log shippers).")
    String logFormat;

    @Option(names = "--enable-faults", defaultValue = "false",
            description = "Serve /_cachewarden/faults (loopback callers only) to inject API errors, latency and node "
                    + "faults at runtime; see the README.")
    boolean enableFaults;

    @Option(names = "--faults", description = "JSON fault plan in force from the start (implies --enable-faults).")
    Path faultsFile;

    @Option(names = "--enable-reset", defaultValue = "false",
            description = "Serve POST /_cachewarden/reset (loopback callers only): empties the state and stops the "
                    + "managed nodes, for test suites sharing one server.")
    boolean enableReset;

    @Option(names = "--stop-nodes-on-exit", defaultValue = "false",
            description = "Stop every cache node when cachewarden stops (throwaway setups; always so with --in-memory). "
                    + "Without it nodes outlive cachewarden and the next start adopts them.")
    boolean stopNodesOnExit;

    @Option(names = "--durability", defaultValue = "${env:CACHEWARDEN_DURABILITY:-process-crash}",
            description = "What an acknowledged change of the embedded store survives: process-crash (kill -9) "
                    + "or power-loss (also an fsync per commit group). Default: ${DEFAULT-VALUE}.")
    String durability;

    /** The benchmark's ceiling endpoint, POST /__noop (docs/bench.md); not for users, so hidden. */
    @Option(names = "--bench-noop", hidden = true)
    boolean benchNoop;

    @Override
    public Integer call() throws Exception {
        try {
            LogConfigurator.useFormat(logFormat);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--log-format: "
                    + e.getMessage());
        }
        if (cachePort != 0 && (cachePort < 1024 || cachePort > 65535)) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--cache-port: 0, or a port from 1024 to 65535");
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--tls-cert and --tls-key go together");
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
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), e.getMessage());
        }
        CachewardenServer server = new CachewardenServer(config, new CacheConfig(engineBinary, reconcileInterval,
                externalCaches, dev.cachewarden.front.FrontLimits.defaults(), iamConnectionLifetime, cachePort));
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
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown"));
        server.start();
        if (portFile != null) {
            writePortFile(portFile, server.port());
        }
        stopRequested.await();
        server.close();
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

    /** Accepts {@code 0}, {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h} and ISO-8601 {@code PT2S}. */
    static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(java.util.Locale.ROOT);
            if (v.startsWith("pt") || v.startsWith("p")) {
                return Duration.parse(value.trim().toUpperCase(java.util.Locale.ROOT));
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)?").matcher(v);
            if (!m.matches()) {
                throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not a duration; use e.g. 0s, 500ms, 2s, 1m");
            }
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        }
    }
}
