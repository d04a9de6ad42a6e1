package dev.cachewarden.store;

/**
 * Durable state behind one interface: every call of {@link #inTransaction} runs in one database
 * transaction that commits (durably, before the answer leaves) or rolls back as a whole, so a state
 * change and the task that completes it are stored together.
 */
public interface Store extends AutoCloseable {
    <T> T inTransaction(Work<T> work);

    @FunctionalInterface
    interface Work<T> {
        T run(Transaction tx);
    }

    @Override
    void close();
}
