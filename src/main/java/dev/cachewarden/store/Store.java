package dev.cachewarden.store;

/**
 * Durable state behind one interface: every call of {@link #inTransaction} runs in one database
 * transaction that commits (durably, before the answer leaves) or rolls back as a whole, so a state
 * change and the task that completes it are stored together.
 */
public interface Store extends AutoCloseable {
    /**
     * Runs {@code work} in one transaction. Fails with {@link StoreUnavailableException} within about a
     * second or two, not after a long hang, when the database cannot be reached.
     */
    <T> T inTransaction(Work<T> work);

    /**
     * Runs read-only {@code work} on one snapshot of the committed state: every statement sees the same
     * commits, so an answer built from several statements shows a state that existed. For reads only.
     */
    <T> T readSnapshot(Work<T> work);

    @FunctionalInterface
    interface Work<T> {
        T run(Transaction tx);
    }

    /**
     * True when no other process can use this store at the same time (the embedded file database is
     * locked by its process), so state such as task leases left by an earlier process is known dead.
     */
    boolean exclusive();

    /**
     * The number of write transactions committed so far, or -1 when it cannot be known (a write is in
     * flight, or another process may write: PostgreSQL). Equal before and after a read, no write
     * touched what it read, so its answer may be reused until the number changes.
     */
    default long writeGeneration() {
        return -1;
    }

    @Override
    void close();
}
