package dev.cachewarden.server;

import dev.cachewarden.domain.User;
import dev.cachewarden.secrets.SecretFiles;
import dev.cachewarden.store.Store;
import dev.cachewarden.store.jdbc.JdbcStore;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store opened on a thread of its own while the start builds the HTTP side: opening H2 and
 * migrating a fresh store is the longest step of a start, and the HTTP side does not need it.
 * The data directory is made at once, before anything else writes into it. {@code serve} starts it
 * before logging is set up, so the thread first initialises H2's slow classes (which log nothing),
 * then waits for logging before the connection pool, which logs: a line logged while slf4j starts
 * is replayed under a warning of slf4j's own, which is not JSON. A fresh store's file is made before
 * that wait too (H2 logs nothing): the wait for logging was a tenth of the thread's wall time.
 */
final class StoreOpening {
    /**
     * H2's classes whose static set-up took most of opening its engine (start-up profiles, JFR). Value
     * last: of these only it needs BigDecimal, whose set-up runs meanwhile on a thread of its own.
     */
    private static final String[] H2_CLASSES = {
        "org.h2.message.TraceObject", "org.h2.store.fs.FilePath", "org.h2.engine.Mode",
        "org.h2.engine.SysProperties", "org.h2.engine.DbSettings", "org.h2.result.RowFactory$Holder",
        "org.h2.mvstore.tx.TransactionStore", "org.h2.engine.MetaRecord", "org.h2.engine.Engine", "org.h2.value.Value",
    };

    private final CompletableFuture<Store> store = new CompletableFuture<>();
    /** When the opening began and ended (System.nanoTime), for the start's timing line. */
    private final long began = System.nanoTime();
    private volatile long opened;
    /** CPU the opening thread used, in ms (Linux, debug level only), else -1. */
    private volatile long openedCpuMillis = -1;
    private volatile boolean taken;
    private final java.util.concurrent.atomic.AtomicBoolean abandoned = new java.util.concurrent.atomic.AtomicBoolean();

    private StoreOpening() {
    }

    static StoreOpening start(ServerConfig config) throws java.io.IOException {
        boolean shared = config.databaseUrl() == null && !config.inMemory()
                && !SecretFiles.createPrivateDirectory(config.dataDir());
        StoreOpening opening = new StoreOpening();
        Thread.ofPlatform().name("store-open-side").daemon().start(StoreOpening::sideWork);
        Thread.ofPlatform().name("store-open").daemon().start(() -> {
            try {
                if (config.databaseUrl() == null) {
                    initialise(H2_CLASSES);
                }
                // A fresh file is made while logging starts: H2 logs nothing, the pool does.
                AutoCloseable ahead = config.databaseUrl() == null && !config.inMemory()
                        ? JdbcStore.openFreshAhead(config.dataDir()) : null;
                Store open;
                try {
                    LogConfigurator.awaitLogging();
                    if (shared) {
                        Log.LOG.warn("{} may be read by other users, and it holds secrets and password hashes; chmod 700 it",
                                config.dataDir().toAbsolutePath());
                    }
                    open = seeded(open(config, ahead));
                } finally {
                    if (ahead != null) {
                        ahead.close(); // the store's own sessions hold the file from here
                    }
                }
                opening.opened = System.nanoTime();
                opening.openedCpuMillis = Log.LOG.isDebugEnabled() ? threadCpuMillis() : -1;
                opening.store.complete(open);
            } catch (Throwable e) {
                opening.store.completeExceptionally(e);
            }
        });
        return opening;
    }

    /** The open store; what the opening threw, as it threw it. */
    Store await() throws Exception {
        long waiting = System.nanoTime();
        try {
            Store open = store.join();
            taken = true;
            // Which of the two is the start's longer path: the store's thread or the caller's.
            Log.LOG.debug("start: store opened in {} ms ({} ms CPU) on its own thread; the caller waited {} ms for it",
                    (opened - began) / 1_000_000, openedCpuMillis, (System.nanoTime() - waiting) / 1_000_000);
            return open;
        } catch (CompletionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** This thread's CPU time from /proc (to 10 ms): java.lang.management would load far more than it measures. */
    private static long threadCpuMillis() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/thread-self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10; // utime, stime in 100 Hz ticks
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The logger, got once logging is up: getting it earlier would start slf4j on the caller's thread. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(StoreOpening.class);
    }

    /** Whatever fails here is met again where it is used, and reported there. */
    private static void initialise(String... classes) {
        ClassLoader loader = StoreOpening.class.getClassLoader();
        for (String name : classes) {
            try {
                Class.forName(name, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                // met again where it is used
            }
        }
    }

    /**
     * What the store's opening meets that a second thread can set up meanwhile, in the order it meets
     * them; each was a tenth or so of the opening thread's CPU (async-profiler, docs/bench.md). JDK 25's
     * BigDecimal squares 150,000-bit numbers as it initialises (its FIVE_TO_2_TO table), and H2's Value
     * needs it; H2 hashes the user's password with SHA-256 (the JCA's provider list first) as the file
     * opens; Hikari's closed-connection stand-in is a dynamic proxy, whose class is generated at run time
     * when the first connection goes back to the pool.
     */
    private static void sideWork() {
        initialise("java.math.BigDecimal");
        try {
            java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            // met again where it is used
        }
        initialise("com.zaxxer.hikari.pool.ProxyConnection$ClosedConnection");
    }

    /**
     * For a start that failed: closes the store once it is open, unless {@link #await} handed it over
     * (its taker closes it then); once.
     */
    void abandon() {
        if (!taken && !abandoned.getAndSet(true)) {
            store.thenAccept(Store::close);
        }
    }

    private static Store open(ServerConfig config, AutoCloseable ahead) {
        if (config.databaseUrl() != null) {
            return JdbcStore.postgres(config.databaseUrl(), config.databaseUser(), config.databasePassword());
        }
        if (config.inMemory()) {
            return JdbcStore.inMemory("cachewarden-" + UUID.randomUUID());
        }
        return JdbcStore.embedded(config.dataDir(), config.durability(), ahead);
    }

    /** Every account has the built-in {@code default} user. */
    private static Store seeded(Store store) {
        try {
            store.inTransaction(tx -> tx.users().insert(User.builtInDefault()));
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }
}
