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
 * The data directory is made at once, before anything else writes into it.
 */
final class StoreOpening {
    private static final Logger log = LoggerFactory.getLogger(StoreOpening.class);

    private final CompletableFuture<Store> store = new CompletableFuture<>();
    /** When the opening began and ended (System.nanoTime), for the start's timing line. */
    private final long began = System.nanoTime();
    private volatile long opened;
    /** CPU the opening thread used, in ms (Linux, debug level only), else -1. */
    private volatile long openedCpuMillis = -1;

    private StoreOpening() {
    }

    static StoreOpening start(ServerConfig config) throws java.io.IOException {
        if (config.databaseUrl() == null && !config.inMemory()
                && !SecretFiles.createPrivateDirectory(config.dataDir())) {
            log.warn("{} may be read by other users, and it holds secrets and password hashes; chmod 700 it",
                    config.dataDir().toAbsolutePath());
        }
        StoreOpening opening = new StoreOpening();
        Thread.ofPlatform().name("store-open").daemon().start(() -> {
            try {
                Store open = seeded(open(config));
                opening.opened = System.nanoTime();
                opening.openedCpuMillis = log.isDebugEnabled() ? threadCpuMillis() : -1;
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
            // Which of the two is the start's longer path: the store's thread or the caller's.
            log.debug("start: store opened in {} ms ({} ms CPU) on its own thread; the caller waited {} ms for it",
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

    /** For a start that failed before {@link #await}: closes the store once it is open. */
    void abandon() {
        store.thenAccept(Store::close);
    }

    private static Store open(ServerConfig config) {
        if (config.databaseUrl() != null) {
            return JdbcStore.postgres(config.databaseUrl(), config.databaseUser(), config.databasePassword());
        }
        if (config.inMemory()) {
            return JdbcStore.inMemory("cachewarden-" + UUID.randomUUID());
        }
        return JdbcStore.embedded(config.dataDir(), config.durability());
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
