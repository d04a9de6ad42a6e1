package dev.cachewarden.store.jdbc;

/** What an acknowledged change of the embedded store survives; PostgreSQL keeps its own settings. */
public enum Durability {
    /** On the OS's page cache before the answer: survives {@code kill -9} and any crash of this process. */
    PROCESS_CRASH,
    /** Also forced to the disk (one fsync per commit group): survives a power loss or an OS crash. */
    POWER_LOSS
}
