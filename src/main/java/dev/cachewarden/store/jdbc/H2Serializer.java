package dev.cachewarden.store.jdbc;

import java.lang.reflect.Field;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;

/**
 * The thread that serializes and writes the embedded store's chunks, so that a store holds up new
 * writes only while H2 takes the changed maps' roots, not while it writes them out.
 *
 * <p>An {@link MVStore} store first takes every changed map's root (a consistent snapshot as long as no
 * transaction writes meanwhile: {@link H2GroupCommit} holds them off), then serializes the pages
 * under those roots and writes the chunk. H2 hands the second part to its file store's serialization
 * executor when it has one and the store was a {@link MVStore#tryCommit()}; that is H2's own path
 * under its default {@code WRITE_DELAY}, where sessions write while a chunk is being written. H2
 * makes that executor only together with its background writer, which stores whenever it likes (the
 * torn versions {@link H2GroupCommit} exists to avoid), so this class puts an executor of its own into
 * the file store's field (H2 offers no setter) and never starts the writer. A profile of CreateUser
 * at 8 clients had every writer waiting out the whole chunk write (a third of the server's CPU).
 */
final class H2Serializer {
    private static final Field FIELD = field();

    private final FileStore<?> fileStore;
    private final ThreadPoolExecutor executor;

    H2Serializer(MVStore mvStore) {
        this.fileStore = mvStore.getFileStore();
        // One thread keeps H2's chunks in order; idle, it ends (no thread kept per closed store).
        this.executor = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "h2-chunk-writer");
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
        install();
    }

    /**
     * Puts this executor (back) into the file store: H2 replaces or drops it when its background writer
     * starts or stops (a {@code SET WRITE_DELAY}). Called with no store running.
     */
    void install() {
        if (FIELD == null) {
            return;
        }
        try {
            if (FIELD.get(fileStore) != executor) {
                FIELD.set(fileStore, executor);
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("H2's file store changed: " + e.getMessage(), e);
        }
    }

    /**
     * Returns once every chunk handed over so far is written (the executor runs them in order), or
     * throws when H2 could not write one: H2 then marks the store broken ({@link MVStore#getPanicException}).
     */
    void awaitWritten(MVStore mvStore) {
        boolean interrupted = false;
        var marker = executor.submit(() -> { });
        try {
            while (true) {
                try {
                    marker.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (mvStore.getPanicException() != null) {
            throw mvStore.getPanicException();
        }
    }

    /** Whether H2 could be given the executor (else every store is written by the committing thread). */
    static boolean available() {
        return FIELD != null;
    }

    private static Field field() {
        try {
            Field f = FileStore.class.getDeclaredField("serializationExecutor");
            if (f.getType() != ThreadPoolExecutor.class) {
                return null;
            }
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException | RuntimeException e) {
            return null; // another H2 version: stores stay whole inside the lock, as before
        }
    }
}
