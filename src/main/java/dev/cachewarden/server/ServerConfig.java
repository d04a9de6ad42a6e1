package dev.cachewarden.server;

import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.store.jdbc.Durability;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the server is started with.
 *
 * @param dataDir where the embedded store lives; null with {@code inMemory}
 * @param databaseUrl a PostgreSQL JDBC URL to share state between instances; null for the embedded store
 * @param stopNodesOnExit stop every cache node when the server stops ({@code --stop-nodes-on-exit}; always so
 *     with {@code --in-memory}); otherwise nodes outlive it and the next start adopts them
 * @param durability what an acknowledged change of the embedded store survives
 */
public record ServerConfig(
        String bind,
        int port,
        Path dataDir,
        boolean inMemory,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        String region,
        String accountId,
        Duration transitionDelay,
        ServiceSettings.Quotas quotas,
        String accessKeyId,
        String secretAccessKey,
        Security security,
        Operator operator,
        boolean stopNodesOnExit,
        Durability durability) {

    /**
     * The operator endpoints under {@code /_cachewarden/} (README, "Fault injection" and "Reset"): each
     * off unless enabled, and answered only to loopback callers.
     *
     * @param faults whether {@code /_cachewarden/faults} is served
     * @param faultsFile JSON fault plan in force from the start (implies {@code faults}); null for none
     * @param reset whether {@code POST /_cachewarden/reset} is served
     */
    public record Operator(boolean faults, Path faultsFile, boolean reset) {
        public static final Operator DEFAULTS = new Operator(false, null, false);
    }

    public ServerConfig(String bind, int port, Path dataDir, boolean inMemory, String databaseUrl, String databaseUser,
            String databasePassword, String region, String accountId, Duration transitionDelay,
            ServiceSettings.Quotas quotas, String accessKeyId, String secretAccessKey, Security security) {
        this(bind, port, dataDir, inMemory, databaseUrl, databaseUser, databasePassword, region, accountId,
                transitionDelay, quotas, accessKeyId, secretAccessKey, security, Operator.DEFAULTS, false,
                Durability.PROCESS_CRASH);
    }

    public ServerConfig withOperator(Operator operator) {
        return new ServerConfig(bind, port, dataDir, inMemory, databaseUrl, databaseUser, databasePassword, region,
                accountId, transitionDelay, quotas, accessKeyId, secretAccessKey, security, operator, stopNodesOnExit,
                durability);
    }

    /**
     * How the API is guarded.
     *
     * @param noAuth accept any caller as the root principal (throwaway setups only)
     * @param principalsFile JSON file of further principals and their policies; null for root only
     * @param tlsCert PEM certificate chain for HTTPS; null for plain HTTP
     * @param tlsKey PEM (PKCS#8) private key of {@code tlsCert}
     * @param idleTimeout how long a connection may stay silent (slow or stalled clients are cut off)
     * @param maxConnections open connections at most; more wait in the accept queue
     */
    public record Security(boolean noAuth, Path principalsFile, Path tlsCert, Path tlsKey, Duration idleTimeout,
            int maxConnections) {
        public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
        public static final int DEFAULT_MAX_CONNECTIONS = 512;
        public static final Security DEFAULTS = new Security(false, null, null, null);

        public Security(boolean noAuth, Path principalsFile, Path tlsCert, Path tlsKey) {
            this(noAuth, principalsFile, tlsCert, tlsKey, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS);
        }

        public boolean tls() {
            return tlsCert != null;
        }
    }

    public ServerConfig(String bind, int port, Path dataDir, boolean inMemory, String databaseUrl, String databaseUser,
            String databasePassword, String region, String accountId, Duration transitionDelay,
            ServiceSettings.Quotas quotas, String accessKeyId, String secretAccessKey) {
        this(bind, port, dataDir, inMemory, databaseUrl, databaseUser, databasePassword, region, accountId,
                transitionDelay, quotas, accessKeyId, secretAccessKey, Security.DEFAULTS);
    }

    public ServerConfig withSecurity(Security security) {
        return new ServerConfig(bind, port, dataDir, inMemory, databaseUrl, databaseUser, databasePassword, region,
                accountId, transitionDelay, quotas, accessKeyId, secretAccessKey, security, operator, stopNodesOnExit,
                durability);
    }

    public ServerConfig withStopNodesOnExit(boolean stop) {
        return new ServerConfig(bind, port, dataDir, inMemory, databaseUrl, databaseUser, databasePassword, region,
                accountId, transitionDelay, quotas, accessKeyId, secretAccessKey, security, operator, stop, durability);
    }

    public ServerConfig withDurability(Durability durability) {
        return new ServerConfig(bind, port, dataDir, inMemory, databaseUrl, databaseUser, databasePassword, region,
                accountId, transitionDelay, quotas, accessKeyId, secretAccessKey, security, operator, stopNodesOnExit,
                durability);
    }

    @Override
    public String toString() {
        // The secret key and database password never reach a log line.
        return "ServerConfig[bind=" + bind + ", port=" + port + ", dataDir=" + dataDir + ", inMemory=" + inMemory
                + ", database=" + (databaseUrl == null ? "embedded" : redactedDatabaseUrl()) + ", region=" + region
                + ", accountId=" + accountId + ", transitionDelay=" + transitionDelay + ", quotas=" + quotas
                + ", stopNodesOnExit=" + stopNodesOnExit + "]";
    }

    /** The database URL fit for a log line: a password given in it (pgjdbc accepts one) is masked. */
    public String redactedDatabaseUrl() {
        return databaseUrl == null ? null
                : databaseUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
