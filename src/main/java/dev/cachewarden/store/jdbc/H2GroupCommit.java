package dev.cachewarden.store.jdbc;

import dev.cachewarden.store.StoreUnavailableException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store's commits: stored to the file only while no transaction is writing, and shared
 * by every transaction that committed meanwhile (group commit).
 *
 * <p>H2 stores a version map by map (each table, index and undo log is its own map) while other
 * sessions go on writing (H2 issue 2080), so a version stored during another transaction's writes can
 * hold part of them, and the undo log that tells the recovery whether that transaction committed may
 * be from a different moment than the rows. After a {@code kill -9} right after such a version, the
 * recovery commits a transaction with only some of its rows (a group without its members) or leaves an
 * index out of step with its table. Here H2 never stores by itself ({@code autoCommitDelay} -1: no
 * store at a commit, no background writer); a transaction holds a shared lock from its first write
 * (a locking read included) until its commit, and a store takes the exclusive one while H2 takes the
 * changed maps' roots, so every stored version lies between transactions. The chunk under those
 * roots is serialized and written after the lock is released ({@link H2Serializer}): transactions
 * go on meanwhile, and the next store takes all of them. Reads before the first write do not hold it up.
 *
 * <p>A committed transaction is answered only once a store that started after its commit has written
 * it: to the OS (which survives {@code kill -9}) or, in {@link Durability#POWER_LOSS}, also forced to
 * the disk. Whichever waiting thread finds no store running does the next one for everybody. Readers
 * wait for the commits they could see, so no answer shows a state a crash can take back.
 *
 * <p>H2 would still store by itself once most of its auto-commit buffer (megabytes, scaled to the
 * heap) is unsaved; the few rows of at most a pool's worth of transactions between two stores stay
 * far below it, and the next store would say so in the log.
 *
 * <p>The background writer we never start is also what keeps H2's file compact; {@link H2Compaction}
 * does that instead, each step through {@link #maintain}: inside a store's exclusive section, so the
 * pages it rewrites and the chunks it moves (which stores) are between transactions too, and anything
 * it leaves unsaved goes out with that store before a transaction writes again.
 */
final class H2GroupCommit {
    private static final Logger LOG = LoggerFactory.getLogger(H2GroupCommit.class);

    private final MVStore mvStore;
    private final Durability durability;
    /** Shared by transactions while they write and commit in memory; exclusive for a store. */
    private final ReentrantReadWriteLock writing = new ReentrantReadWriteLock(true);
    /** Numbers commits: taken before a transaction commits in memory. */
    private final AtomicLong tickets = new AtomicLong();
    private final ReentrantLock leader = new ReentrantLock();
    private final Condition stored = leader.newCondition();
    /**
     * Every ticket up to this one is durable: written under {@link #leader}, read without it first, so a
     * reader with nothing new to wait for (the common case) takes no lock.
     */
    private volatile long durable;
    private boolean storing;
    private RuntimeException broken;
    /** The version H2 had after our last store: another one means H2 stored by itself. */
    private long lastVersion;
    /** Stores that wrote something, and the fsyncs after them: what the tests and a profile look at. */
    private volatile long stores;
    private volatile long syncs;
    private boolean warned;
    /** Writes each store's chunk after the roots are taken, while new transactions go on. */
    private final H2Serializer serializer;
    /** Keeps the file near its live size, its steps run through {@link #maintain}. */
    private final H2Compaction compaction;

    H2GroupCommit(MVStore mvStore, Durability durability) {
        this.mvStore = mvStore;
        this.durability = durability;
        mvStore.setAutoCommitDelay(-1);
        mvStore.commit(); // whatever opening and migrating left unsaved
        if (durability == Durability.POWER_LOSS) {
            mvStore.sync();
        }
        this.lastVersion = mvStore.getCurrentVersion();
        this.serializer = new H2Serializer(mvStore);
        this.compaction = new H2Compaction(mvStore, this);
        compaction.start();
    }

    /** Stops the file's compaction; called before the database closes. */
    void close() {
        compaction.stop();
    }

    /** One transaction's part: it holds the shared lock from its first write until it committed. */
    final class Writer {
        private boolean writing;

        /** Before every statement that writes; the first one waits while a store runs. */
        void beforeWrite() {
            if (!writing) {
                H2GroupCommit.this.writing.readLock().lock();
                writing = true;
            }
        }

        /**
         * Runs {@code commit} (H2's, in memory) and returns the ticket to wait for: this transaction's own
         * when it wrote, else the newest, so that it answers nothing a crash could take back.
         */
        long commit(SqlAction commit) throws java.sql.SQLException {
            if (!writing) {
                commit.run();
                return tickets.get();
            }
            long ticket = tickets.incrementAndGet();
            commit.run();
            return ticket;
        }

        /** After the commit or the rollback. */
        void end() {
            if (writing) {
                writing = false;
                H2GroupCommit.this.writing.readLock().unlock();
            }
        }
    }

    @FunctionalInterface
    interface SqlAction {
        void run() throws java.sql.SQLException;
    }

    Writer writer() {
        return new Writer();
    }

    /** The newest ticket: a reader that saw a commit waits for at least this one. */
    long latest() {
        return tickets.get();
    }

    /**
     * Returns once {@code ticket}'s commit is stored. Within an outer transaction of the same thread
     * (which holds the shared lock) it returns at once: the outer one's later ticket waits for both.
     */
    void awaitDurable(long ticket) {
        if (durable >= ticket || writing.getReadHoldCount() > 0) {
            return;
        }
        lead(ticket, null);
    }

    /**
     * Runs {@code step} (file maintenance: {@link H2Compaction}) as the next store's first part, inside
     * the exclusive section, so that whatever it changes or stores lies between transactions; the store
     * then takes it and every commit so far. Waits for a store already running, like a commit does.
     */
    void maintain(Runnable step) {
        lead(Long.MIN_VALUE, step);
    }

    /** Stores until {@code ticket} is durable (and once more with {@code step}), or waits for the store running. */
    private void lead(long ticket, Runnable step) {
        leader.lock();
        try {
            while (step != null || durable < ticket) {
                if (broken != null) {
                    throw new StoreUnavailableException("the embedded store cannot write its file", broken);
                }
                if (storing) {
                    stored.awaitUninterruptibly();
                    continue;
                }
                storing = true;
                leader.unlock();
                long upTo = 0;
                RuntimeException failure = null;
                try {
                    upTo = store(step);
                } catch (RuntimeException e) {
                    failure = e;
                } finally {
                    step = null;
                    leader.lock();
                    storing = false;
                    if (failure != null) {
                        broken = failure;
                    } else {
                        durable = Math.max(durable, upTo);
                    }
                    stored.signalAll();
                }
            }
        } finally {
            leader.unlock();
        }
    }

    /**
     * One store of every commit so far; returns the newest ticket it holds. New writes wait only while
     * H2 takes the changed maps' roots ({@link H2Serializer}); the chunk is serialized and written
     * after the lock is released, and this returns once it is.
     */
    private long store(Runnable maintenance) {
        long upTo;
        boolean wrote = false;
        boolean forCommits;
        writing.writeLock().lock();
        try {
            upTo = tickets.get(); // every transaction with a ticket up to here has left: its commit is in
            long before = mvStore.getCurrentVersion();
            if (before != lastVersion || mvStore.getAutoCommitDelay() != -1) {
                // A SET WRITE_DELAY (or an H2 store past its auto-commit memory): take the stores back.
                if (!warned) {
                    warned = true;
                    LOG.warn("H2 stored the embedded store by itself (version {} after {}, write delay {}): a "
                            + "kill meanwhile may have left a transaction half stored", before, lastVersion,
                            mvStore.getAutoCommitDelay());
                }
                mvStore.setAutoCommitDelay(-1);
            }
            // A maintenance store that carries no commit is not counted: stores() counts what commits cost.
            forCommits = maintenance == null || upTo > durable;
            serializer.install();
            if (maintenance != null) {
                maintenance.run();
                wrote = mvStore.getCurrentVersion() != before; // it stored by itself (chunks moved)
            }
            // tryCommit hands the chunk to the serializer once the roots are taken; it gives up (-1) only
            // when nothing is unsaved or another store holds H2's lock, and commit() then waits for that.
            if (mvStore.tryCommit() >= 0 || (mvStore.hasUnsavedChanges() && mvStore.commit() >= 0)) {
                wrote = true;
            }
            lastVersion = mvStore.getCurrentVersion();
            if (wrote && forCommits) {
                stores++;
            }
        } finally {
            writing.writeLock().unlock();
        }
        // Also when nothing was unsaved here: a store H2 made by itself may still be on the serializer.
        serializer.awaitWritten(mvStore);
        if (wrote && durability == Durability.POWER_LOSS) {
            mvStore.sync(); // the next store waits for this thread, so nothing newer is in the file yet
            if (forCommits) {
                syncs++;
            }
        }
        return upTo;
    }

    long stores() {
        return stores;
    }

    long syncs() {
        return syncs;
    }
}
