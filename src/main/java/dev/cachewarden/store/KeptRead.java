package dev.cachewarden.store;

import java.util.function.Supplier;

/**
 * A value read from the store, with the write generation it is known to show ({@code -1}: none). It
 * serves again for as long as that generation stands: no write committed or in flight since, so the
 * store would answer the same. A store another process may write (PostgreSQL) has no generation, so
 * its reads are never kept. Reads an idle server repeats (the reconciler's pass, scrapes, the primary
 * watch, Describe pages) cost nothing between writes this way.
 *
 * @param generation the generation {@code value} was read at, or -1 if a write began while it was read
 *                   (or the store cannot tell): then it is not reused
 */
public record KeptRead<T>(long generation, T value) {
    /** True while no write has been committed or begun since the value was read. */
    public boolean current(Store store) {
        return generation >= 0 && store.writeGeneration() == generation;
    }

    /**
     * {@code kept} if still current, else {@code read} anew and stamped with the generation before it,
     * if that still stands after it (a write that began or ended meanwhile may or may not show in it).
     *
     * @param kept the last read, or null when there is none
     */
    public static <T> KeptRead<T> of(Store store, KeptRead<T> kept, Supplier<T> read) {
        long generation = store.writeGeneration();
        if (generation >= 0 && kept != null && kept.generation() == generation) {
            return kept;
        }
        T value = read.get();
        return new KeptRead<>(generation >= 0 && store.writeGeneration() == generation ? generation : -1, value);
    }
}
