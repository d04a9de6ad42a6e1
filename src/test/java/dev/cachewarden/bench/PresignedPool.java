package dev.cachewarden.bench;

import java.util.function.IntFunction;

/**
 * Requests signed before the measured window, so the generator spends the window sending bytes,
 * not computing HMACs on the cores the server needs. A SigV4 signature stays valid for minutes
 * (the server allows 15 of clock skew), far longer than a run. {@link #next()} hands out the pool
 * in turn; a pool made {@link #once} hands each request out once (writes with unique ids), then
 * signs live, counting how often, so a too-small plan shows instead of ending the run early.
 */
final class PresignedPool {
    private final byte[][] requests;
    private final boolean cycle;
    private final IntFunction<byte[]> live;
    private int next;
    private long signedLive;

    private PresignedPool(byte[][] requests, boolean cycle, IntFunction<byte[]> live) {
        this.requests = requests;
        this.cycle = cycle;
        this.live = live;
    }

    /** {@code size} requests made by {@code request} now, replayed round and round. */
    static PresignedPool cycling(int size, IntFunction<byte[]> request) {
        return new PresignedPool(sign(size, request), true, request);
    }

    /** Requests {@code 0..planned-1} made now, each sent once; request {@code planned} on made when sent. */
    static PresignedPool once(int planned, IntFunction<byte[]> request) {
        return new PresignedPool(sign(planned, request), false, request);
    }

    private static byte[][] sign(int n, IntFunction<byte[]> request) {
        byte[][] out = new byte[n][];
        for (int i = 0; i < n; i++) {
            out[i] = request.apply(i);
        }
        return out;
    }

    /** The next request's bytes; the same array each time round for a cycling pool (never changed). */
    byte[] next() {
        int i = next++;
        if (cycle) {
            if (next == requests.length) {
                next = 0;
            }
            return requests[i];
        }
        if (i < requests.length) {
            return requests[i];
        }
        signedLive++;
        return live.apply(i);
    }

    int size() {
        return requests.length;
    }

    /** How many requests had to be signed inside the window because the plan ran out. */
    long signedLive() {
        return signedLive;
    }
}
