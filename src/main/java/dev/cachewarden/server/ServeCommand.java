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
 * {@code CACHEWARDEN_<NAME>}; a flag wins over the variable, the variable over the default.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Start the cachewarden API server.")
final class ServeCommand implements Callable<Integer> {
    /** 4600 by default: distinct from LocalStack's 4566 and moto's 5000. */
    @Option(names = "--port", defaultValue = "${env:CACHEWARDEN_PORT:-4600}",
            description = "Port for the API (0 picks a free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", defaultValue = "${env:CACHEWARDEN_BIND:-127.0.0.1}",
            description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(names = "--data-dir", defaultValue = "${env:CACHEWARDEN_DATA_DIR:-cachewarden-data}",
            description = "Directory of the embedded state. Default: ${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(names = "--in-memory", defaultValue = "${env:CACHEWARDEN_IN_MEMORY:-false}",
            description = "Keep state in memory only (lost at exit); for throwaway runs and tests.")
    boolean inMemory;

    @Option(names = "--database-url", defaultValue = "${env:CACHEWARDEN_DATABASE_URL}",
            description = "PostgreSQL JDBC URL, to share state between instances (user and password from "
                    + "CACHEWARDEN_DATABASE_USER and CACHEWARDEN_DATABASE_PASSWORD).")
    String databaseUrl;

    @Option(names = "--region", defaultValue = "${env:CACHEWARDEN_REGION:-us-east-1}",
            description = "Region in ARNs. Default: ${DEFAULT-VALUE}.")
    String region;

    @Option(names = "--account-id", defaultValue = "${env:CACHEWARDEN_ACCOUNT_ID:-000000000000}",
            description = "Account in ARNs. Default: ${DEFAULT-VALUE}.")
    String accountId;

    @Option(names = "--transition-delay", defaultValue = "${env:CACHEWARDEN_TRANSITION_DELAY:-0s}",
            converter = DurationConverter.class,
            description = "Least time a resource stays creating, modifying or deleting (e.g. 0s, 500ms, 2s, 1m). "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration transitionDelay;

    @Option(names = "--max-users", defaultValue = "${env:CACHEWARDEN_MAX_USERS:-1000}",
            description = "Quota of users. Default: ${DEFAULT-VALUE}, as AWS.")
    int maxUsers;

    @Option(names = "--max-user-groups", defaultValue = "${env:CACHEWARDEN_MAX_USER_GROUPS:-100}",
            description = "Quota of user groups. Default: ${DEFAULT-VALUE}, as AWS.")
    int maxUserGroups;

    @Option(names = "--max-users-per-user-group", defaultValue = "${env:CACHEWARDEN_MAX_USERS_PER_USER_GROUP:-100}",
            description = "Quota of users in one group. Default: ${DEFAULT-VALUE}, as AWS.")
    int maxUsersPerGroup;

    @Option(names = "--port-file", defaultValue = "${env:CACHEWARDEN_PORT_FILE}",
            description = "Once listening, write the bound port to this file (useful with --port 0).")
    Path portFile;

    @Option(names = "--no-auth", defaultValue = "${env:CACHEWARDEN_NO_AUTH:-false}",
            description = "Accept any caller, signed or not, as the root principal. For throwaway setups only.")
    boolean noAuth;

    @Option(names = "--principals-file", defaultValue = "${env:CACHEWARDEN_PRINCIPALS_FILE}",
            description = "JSON file (mode 0600) of further access keys, each with an IAM-style policy; see SECURITY.md.")
    Path principalsFile;

    @Option(names = "--tls-cert", defaultValue = "${env:CACHEWARDEN_TLS_CERT}",
            description = "PEM certificate chain: serve the API over HTTPS (needs --tls-key).")
    Path tlsCert;

    @Option(names = "--tls-key", defaultValue = "${env:CACHEWARDEN_TLS_KEY}",
            description = "PEM PKCS#8 private key of --tls-cert (mode 0600).")
    Path tlsKey;

    @Option(names = "--idle-timeout", defaultValue = "${env:CACHEWARDEN_IDLE_TIMEOUT:-30s}",
            converter = DurationConverter.class,
            description = "Close API connections silent this long (slow clients). Default: ${DEFAULT-VALUE}.")
    Duration idleTimeout;

    @Option(names = "--max-connections", defaultValue = "${env:CACHEWARDEN_MAX_CONNECTIONS:-512}",
            description = "Open API connections at most; more wait to be accepted. Default: ${DEFAULT-VALUE}.")
    int maxConnections;

    @Option(names = "--engine-binary", defaultValue = "${env:CACHEWARDEN_ENGINE_BINARY}",
            description = "redis-server (or valkey-server) that runs the cache nodes. Default: found on PATH.")
    Path engineBinary;

    @Option(names = "--reconcile-interval", defaultValue = "${env:CACHEWARDEN_RECONCILE_INTERVAL:-10s}",
            converter = DurationConverter.class,
            description = "How often every cache node's ACL is compared with the desired state and repaired "
                    + "(also done after every node restart). Default: ${DEFAULT-VALUE}.")
    Duration reconcileInterval;

    @Option(names = "--iam-connection-lifetime", defaultValue = "${env:CACHEWARDEN_IAM_CONNECTION_LIFETIME:-12h}",
            converter = DurationConverter.class,
            description = "How long a connection authenticated with an IAM token lives after its last successful "
                    + "AUTH or HELLO (ElastiCache: 12 hours). Default: ${DEFAULT-VALUE}.")
    Duration iamConnectionLifetime;

    @Option(names = "--external-caches", defaultValue = "${env:CACHEWARDEN_EXTERNAL_CACHES}",
            description = "Properties file listing existing Redis servers to administer as replication groups "
                    + "(see docs/caches.md).")
    Path externalCaches;

    @Option(names = "--log-format", defaultValue = "${env:CACHEWARDEN_LOG_FORMAT:-text}",
            description = "Log lines as text or json (one object per line, for log shippers). Default: ${DEFAULT-VALUE}.")
    String logFormat;

    @Option(names = "--enable-faults", defaultValue = "${env:CACHEWARDEN_ENABLE_FAULTS:-false}",
            description = "Serve /_cachewarden/faults (loopback callers only) to inject API errors, latency and node "
                    + "faults at runtime; see the README.")
    boolean enableFaults;

    @Option(names = "--faults", defaultValue = "${env:CACHEWARDEN_FAULTS}",
            description = "JSON fault plan in force from the start (implies --enable-faults).")
    Path faultsFile;

    @Option(names = "--enable-reset", defaultValue = "${env:CACHEWARDEN_ENABLE_RESET:-false}",
            description = "Serve POST /_cachewarden/reset (loopback callers only): empties the state and stops the "
                    + "managed nodes, for test suites sharing one server.")
    boolean enableReset;

    @Option(names = "--stop-nodes-on-exit", defaultValue = "${env:CACHEWARDEN_STOP_NODES_ON_EXIT:-false}",
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
                externalCaches, dev.cachewarden.front.FrontLimits.defaults(), iamConnectionLifetime));
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
