package dev.cachewarden.service;

import dev.cachewarden.store.KeptRead;
import dev.cachewarden.store.Store;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Rendered Describe answers kept between writes. An answer is reused only while the store's write
 * generation is the one it was read at (no write committed or in flight since), so it is exactly what
 * the store would answer now. A store another process may write (PostgreSQL) has no generation:
 * every read goes to it. The answer depends only on the request's parameters (authorization happens
 * before), so those are the key.
 */
public final class DescribeCache {
    /** Enough for the pages clients poll; past it the map starts over (a scan of many pages passes through). */
    public static final int MAX_ENTRIES = 64;
    /** A larger answer (default's page at 10,000 groups is ~300 KB) is rendered anew each time. */
    public static final int MAX_BYTES = 64 * 1024;

    private final Store store;
    private final Map<List<Object>, KeptRead<byte[]>> entries = new ConcurrentHashMap<>();

    public DescribeCache(Store store) {
        this.store = store;
    }

    /**
     * The answer's UTF-8 bytes for {@code key}: reused when still current, else rendered by {@code render}
     * (which may throw; a failure is never kept). Callers only read them.
     */
    public byte[] answer(List<Object> key, Supplier<byte[]> render) {
        if (store.writeGeneration() < 0) {
            return render.get();
        }
        KeptRead<byte[]> kept = entries.get(key);
        KeptRead<byte[]> read = KeptRead.of(store, kept, render);
        if (read != kept && read.generation() >= 0 && read.value().length <= MAX_BYTES) {
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            entries.put(key, read);
        }
        return read.value();
    }
}
