package dev.cachewarden.junit;

import dev.cachewarden.server.CacheConfig;
import dev.cachewarden.server.ServerConfig;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.store.jdbc.Durability;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How an in-JVM cachewarden is started: the options of {@code cachewarden serve}, one method each and
 * named after the flag. It always binds 127.0.0.1 on a free port and keeps its state in memory unless
 * told otherwise. Shared by {@link Cachewarden.Builder} and {@link CachewardenExtension.Builder}.
 *
 * @param <B> the concrete builder, so that every option returns it
 */
public abstract sealed class CachewardenOptions<B extends CachewardenOptions<B>>
        permits Cachewarden.Builder, CachewardenExtension.Builder {
    /** In memory (default), in a fresh temporary directory, or in a given one. */
    enum Storage { IN_MEMORY, TEMPORARY_DIR, DATA_DIR }

    Storage storage = Storage.IN_MEMORY;
    Path dataDir;
    String databaseUrl;
    String databaseUser;
    String databasePassword;
    String region = "us-east-1";
    String accountId = "000000000000";
    Duration transitionDelay = Duration.ZERO;
    ServiceSettings.Quotas quotas = ServiceSettings.Quotas.AWS_DEFAULTS;
    String accessKeyId = Cachewarden.DEFAULT_ACCESS_KEY_ID;
    String secretAccessKey = Cachewarden.DEFAULT_SECRET_ACCESS_KEY;
    boolean noAuth;
    Path principalsFile;
    Path tlsCert;
    Path tlsKey;
    Duration idleTimeout = ServerConfig.Security.DEFAULT_IDLE_TIMEOUT;
    int maxConnections = ServerConfig.Security.DEFAULT_MAX_CONNECTIONS;
    Path engineBinary;
    Duration reconcileInterval = CacheConfig.DEFAULT_RECONCILE_INTERVAL;
    Duration iamConnectionLifetime = CacheConfig.DEFAULT_IAM_CONNECTION_LIFETIME;
    Path externalCaches;
    /** Tests' own servers stop their nodes at close, as they always did; {@link #keepNodesOnExit} opts out. */
    boolean stopNodesOnExit = true;
    Durability durability = Durability.PROCESS_CRASH;

    CachewardenOptions() {}

    abstract B self();

    /** {@code --in-memory}: state lost at close (the default). */
    public B inMemory() {
        storage = Storage.IN_MEMORY;
        return self();
    }

    /** {@code --data-dir} in a fresh temporary directory, removed at close. */
    public B temporaryDataDir() {
        storage = Storage.TEMPORARY_DIR;
        return self();
    }

    /** {@code --data-dir}: the embedded store in this directory, kept at close (restart tests). */
    public B dataDir(Path dir) {
        storage = Storage.DATA_DIR;
        dataDir = Objects.requireNonNull(dir, "dir");
        return self();
    }

    /** {@code --database-url} with {@code CACHEWARDEN_DATABASE_USER} and {@code _PASSWORD}. */
    public B databaseUrl(String url, String user, String password) {
        databaseUrl = Objects.requireNonNull(url, "url");
        databaseUser = user;
        databasePassword = password;
        return self();
    }

    /** {@code --region}: in ARNs, and what the SDK client signs for. */
    public B region(String region) {
        this.region = Objects.requireNonNull(region, "region");
        return self();
    }

    /** {@code --account-id}: in ARNs. */
    public B accountId(String accountId) {
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        return self();
    }

    /** {@code --transition-delay}: least time a resource stays creating, modifying or deleting. */
    public B transitionDelay(Duration delay) {
        transitionDelay = Objects.requireNonNull(delay, "delay");
        return self();
    }

    /** {@code --max-users}. */
    public B maxUsers(int n) {
        quotas = new ServiceSettings.Quotas(n, quotas.userGroups(), quotas.usersPerUserGroup(), quotas.tagsPerResource());
        return self();
    }

    /** {@code --max-user-groups}. */
    public B maxUserGroups(int n) {
        quotas = new ServiceSettings.Quotas(quotas.users(), n, quotas.usersPerUserGroup(), quotas.tagsPerResource());
        return self();
    }

    /** {@code --max-users-per-user-group}. */
    public B maxUsersPerUserGroup(int n) {
        quotas = new ServiceSettings.Quotas(quotas.users(), quotas.userGroups(), n, quotas.tagsPerResource());
        return self();
    }

    /** {@code CACHEWARDEN_ACCESS_KEY_ID} and {@code CACHEWARDEN_SECRET_ACCESS_KEY}: the root credentials. */
    public B credentials(String accessKeyId, String secretAccessKey) {
        this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
        this.secretAccessKey = Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        return self();
    }

    /** {@code --no-auth}: any caller, signed or not, acts as root. */
    public B noAuth() {
        noAuth = true;
        return self();
    }

    /** {@code --principals-file}: further access keys with IAM-style policies (mode 0600). */
    public B principalsFile(Path file) {
        principalsFile = Objects.requireNonNull(file, "file");
        return self();
    }

    /** {@code --tls-cert} and {@code --tls-key}: serve HTTPS; the endpoint then says https. */
    public B tls(Path certificateChain, Path privateKey) {
        tlsCert = Objects.requireNonNull(certificateChain, "certificateChain");
        tlsKey = Objects.requireNonNull(privateKey, "privateKey");
        return self();
    }

    /** {@code --idle-timeout}. */
    public B idleTimeout(Duration timeout) {
        idleTimeout = Objects.requireNonNull(timeout, "timeout");
        return self();
    }

    /** {@code --max-connections}. */
    public B maxConnections(int n) {
        maxConnections = n;
        return self();
    }

    /** {@code --engine-binary}: the redis-server (or valkey-server) cache nodes run. */
    public B engineBinary(Path binary) {
        engineBinary = Objects.requireNonNull(binary, "binary");
        return self();
    }

    /** {@code --reconcile-interval}. */
    public B reconcileInterval(Duration interval) {
        reconcileInterval = Objects.requireNonNull(interval, "interval");
        return self();
    }

    /** {@code --iam-connection-lifetime}: how long an IAM-authenticated cache connection lives. */
    public B iamConnectionLifetime(Duration lifetime) {
        iamConnectionLifetime = Objects.requireNonNull(lifetime, "lifetime");
        return self();
    }

    /** {@code --external-caches}: existing Redis servers to administer as replication groups. */
    public B externalCaches(Path file) {
        externalCaches = Objects.requireNonNull(file, "file");
        return self();
    }

    /**
     * Without {@code --stop-nodes-on-exit}: cache nodes outlive {@code close()} and the next server on the
     * same {@link #dataDir} adopts them (restart tests). By default a test's server stops its nodes at
     * close, so that no test leaves processes behind; in memory or in a temporary directory it always does.
     */
    public B keepNodesOnExit() {
        stopNodesOnExit = false;
        return self();
    }

    /**
     * {@code --durability}: {@code PROCESS_CRASH} (the default: an acknowledged change survives a
     * {@code kill -9}) or {@code POWER_LOSS} (also forced to the disk before the answer). It applies to the
     * embedded store on disk and to the cache nodes' append-only files, in memory too.
     */
    public B durability(Durability durability) {
        this.durability = Objects.requireNonNull(durability, "durability");
        return self();
    }

    /** The server's configuration, with {@code dir} as the data dir (null unless stored on disk). */
    ServerConfig serverConfig(Path dir) {
        boolean memory = storage == Storage.IN_MEMORY && databaseUrl == null;
        return new ServerConfig("127.0.0.1", 0, memory ? null : dir, memory, databaseUrl, databaseUser,
                databasePassword, region, accountId, transitionDelay, quotas, accessKeyId, secretAccessKey,
                new ServerConfig.Security(noAuth, principalsFile, tlsCert, tlsKey, idleTimeout, maxConnections),
                ServerConfig.Operator.DEFAULTS, stopNodesOnExit || storage == Storage.TEMPORARY_DIR, durability);
    }

    CacheConfig cacheConfig() {
        return new CacheConfig(engineBinary, reconcileInterval, externalCaches,
                dev.cachewarden.front.FrontLimits.defaults(), iamConnectionLifetime);
    }
}
