package dev.cachewarden.store.jdbc;

/** What an acknowledged change of the embedded store survives; PostgreSQL keeps its own settings. */
public enum Durability {
    /** On the OS's page cache before the answer: survives {@code kill -9} and any crash of this process. */
    PROCESS_CRASH,
    /** Also forced to the disk (one fsync per commit group): survives a power loss or an OS crash. */
    POWER_LOSS;

    /** The spelling of {@code --durability}: {@code process-crash} or {@code power-loss}. */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static Durability parse(String wire) {
        for (Durability d : values()) {
            if (d.wire().equals(wire)) {
                return d;
            }
        }
        throw new IllegalArgumentException("durability must be process-crash or power-loss, not '" + wire + "'");
    }
}
