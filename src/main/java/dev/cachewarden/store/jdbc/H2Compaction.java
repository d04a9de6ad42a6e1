package dev.cachewarden.store.jdbc;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded store's file near its live size: a thread of ours doing what H2's background
 * writer would, which {@link H2GroupCommit} never starts.
 *
 * <p>Every store writes a new chunk; pages it replaces leave older chunks sparse, and H2 reuses a
 * chunk's space only once none of its pages is live (and its retention time has passed). A chunk that
 * keeps one live page of a table nobody writes is never freed, so under steady writes the file grew
 * without bound (2.7 GB after eight minutes of wrk, docs/bench.md). Here, once writes stop, in small
 * steps: the live pages of the sparsest chunks older than the retention time are rewritten
 * ({@link MVStore#compact}, which moves them into the next chunk), dead chunks past their retention
 * are freed, live chunks are moved towards the file's start and the file is truncated
 * ({@link RandomAccessStore#compactMoveChunks}). While writes go on the file still grows: H2 keeps
 * every chunk of the last 45 s (its retention), and most older chunks keep a few live pages (a leaf
 * that filled and is never written again); steps at a twentieth of the time, tried, did not keep up
 * with ~3,600 ModifyUserGroups a second (~50 MB of chunks a second). H2's oldest version to keep
 * follows the current one under that load (read by reflection): nothing holds old versions.
 *
 * <p>Each step runs through {@link H2GroupCommit#maintain}, inside the exclusive section of a store,
 * so every version it makes or stores lies between transactions, and H2's own store-when-full is
 * never reached from a rewrite with a transaction half done (the store right after the step clears
 * it). Steps run only once no transaction has committed for 10 s, back to back (each short, so a
 * write that arrives meanwhile waits at most one) until nothing is left to do.
 */
final class H2Compaction {
    private static final Logger LOG = LoggerFactory.getLogger(H2Compaction.class);

    /**
     * No commit for this long and the store counts as idle: compaction may run. Not a second: a write
     * arriving during a step waits for it, and with bursts a few seconds apart (the benchmark's phases)
     * compaction ran in every gap: ModifyUserGroup's CPU per answer and p99 up by half, the no-op
     * ceiling 15% down (docs/bench.md, "The data file under writes").
     */
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** A step's time in the exclusive section (what a writer that arrives meanwhile may wait). */
    private static final long STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** How often to look again when the last look found nothing to do. */
    private static final long QUIET_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Rewrite only while the chunks' live share is under this (H2's default auto-compact fill rate). */
    private static final int CHUNKS_FILL = 90;
    /** Move chunks while the file's used share is under this. */
    private static final int FILE_FILL = 80;
    /** Bounds of the live bytes a step rewrites; adapted to keep the step near its time. */
    private static final int MIN_STEP_BYTES = 16 << 10;
    private static final int MAX_STEP_BYTES = 1 << 20; // a step stays short even at its largest

    private final MVStore mvStore;
    private final H2GroupCommit groupCommit;
    private final Thread thread;
    private volatile boolean stopped;
    /** Live bytes the next step rewrites (or chunks it moves). */
    private int stepBytes = 64 << 10;

    H2Compaction(MVStore mvStore, H2GroupCommit groupCommit) {
        this.mvStore = mvStore;
        this.groupCommit = groupCommit;
        this.thread = new Thread(this::run, "h2-compaction");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Stops the thread, letting a step under way finish (before the store is closed). */
    void stop() {
        stopped = true;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long lastTicket = groupCommit.latest();
        long lastCommit = System.nanoTime();
        long lastWork = lastCommit;
        boolean idleDone = false;
        while (!stopped && !mvStore.isClosed()) {
            long now = System.nanoTime();
            long ticket = groupCommit.latest();
            if (ticket != lastTicket) {
                lastTicket = ticket;
                lastCommit = now;
                idleDone = false;
            }
            boolean idle = now - lastCommit >= IDLE_NANOS;
            long pause = QUIET_PERIOD_NANOS;
            try {
                // Only once writes stop: under the server's sustained writes, steps taken meanwhile did not
                // keep the file from growing and cost ModifyUserGroup 5-20% more CPU per answer.
                if (idle && !idleDone) {
                    long took = step();
                    if (took >= 0) {
                        lastWork = System.nanoTime();
                        adapt(took, STEP_NANOS);
                        pause = Math.max(TimeUnit.MILLISECONDS.toNanos(5), took);
                    } else {
                        // Chunks that died are freed once past their retention: look again each second
                        // until a retention time after the last step that did something, or until the
                        // file is compact (each step's own store leaves a dead chunk behind).
                        idleDone = now - lastWork > retentionNanos() + QUIET_PERIOD_NANOS || isCompact();
                    }
                }
            } catch (RuntimeException e) {
                if (stopped || mvStore.isClosed()) {
                    return;
                }
                // A store failure already broke the group commit; anything else is worth a line, not a stop.
                LOG.warn("embedded store compaction step failed: {}", e.toString());
            }
            LockSupport.parkNanos(pause);
        }
    }

    private boolean isCompact() {
        FileStore<?> fileStore = mvStore.getFileStore();
        return fileStore.getFillRate() >= FILE_FILL && fileStore.getChunksFillRate() >= CHUNKS_FILL;
    }

    /** Doubles or halves the step's bytes towards a step of {@code target} nanoseconds. */
    private void adapt(long took, long target) {
        if (took < target / 2) {
            stepBytes = Math.min(MAX_STEP_BYTES, stepBytes * 2);
        } else if (took > target * 2) {
            stepBytes = Math.max(MIN_STEP_BYTES, stepBytes / 2);
        }
    }

    /**
     * One step: the nanoseconds it held writers off when it rewrote or moved something, else -1 (the
     * store it ran through then only took the commits waiting, as any store would).
     */
    private long step() {
        FileStore<?> fileStore = mvStore.getFileStore();
        boolean rewrite = fileStore.getChunksFillRate() < CHUNKS_FILL;
        long[] took = {-1};
        int bytes = stepBytes;
        groupCommit.maintain(() -> {
            if (stopped || mvStore.isClosed()) {
                return;
            }
            long started = System.nanoTime();
            long version = mvStore.getCurrentVersion();
            // Target 100: the fill rate was looked at above; H2 picks the sparsest, oldest chunks.
            boolean worked = rewrite && mvStore.compact(100, bytes);
            if (!worked) {
                // Dead chunks past their retention are freed by a store; idle, only this one stores.
                mvStore.executeFilestoreOperation(fileStore::dropUnusedChunks);
                worked = mvStore.hasUnsavedChanges();
                if (fileStore instanceof RandomAccessStore file && file.getFillRate() < FILE_FILL) {
                    // Moves the file's last chunks forward (storing, under this lock), then truncates.
                    file.compactMoveChunks(FILE_FILL, bytes, mvStore);
                    worked |= mvStore.getCurrentVersion() != version;
                }
            }
            if (worked) {
                took[0] = System.nanoTime() - started;
            }
        });
        return took[0];
    }

    private long retentionNanos() {
        return TimeUnit.MILLISECONDS.toNanos(Math.max(0, mvStore.getRetentionTime()));
    }
}
