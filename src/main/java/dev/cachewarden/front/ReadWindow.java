package dev.cachewarden.front;

import io.netty.buffer.ByteBuf;

/**
 * The bytes ahead of a parse position, copied out of a buffer a window at a time and read from an
 * array. The front's buffers are direct, and Netty reads those byte by byte through ByteBuffer's
 * bounds and session checks: under redis-benchmark they were ~45% of {@link RequestParser}'s time
 * (async-profiler, docs/bench.md); one bulk copy per window is not. Only what is looked at is copied:
 * the parser skips over values without reading them.
 *
 * <p>Offsets count from the buffer's reader index. The owner says when that index moves
 * ({@link #skipped}) and when the buffer is dropped ({@link #clear}); bytes appended to the buffer
 * leave the window valid.
 */
final class ReadWindow {
    static final int SIZE = 2048;

    private final byte[] bytes = new byte[SIZE];
    /** The offset of {@code bytes[0]}, and how many bytes are copied. */
    private int from;
    private int length;

    /** The byte at {@code offset}, which must be readable. */
    byte at(ByteBuf buf, int offset) {
        int i = offset - from;
        if (i < 0 || i >= length) {
            fill(buf, offset);
            i = 0;
        }
        return bytes[i];
    }

    /** The offset of the first {@code b} in [{@code fromOffset}, {@code toOffset}), or -1. */
    int indexOf(ByteBuf buf, int fromOffset, int toOffset, byte b) {
        int offset = fromOffset;
        while (offset < toOffset) {
            int i = offset - from;
            if (i < 0 || i >= length) {
                fill(buf, offset);
                i = 0;
            }
            int end = Math.min(length, toOffset - from);
            for (; i < end; i++) {
                if (bytes[i] == b) {
                    return from + i;
                }
            }
            offset = from + end;
        }
        return -1;
    }

    /** Whether the bytes at {@code offset} are {@code expected}'s (all readable). */
    boolean matches(ByteBuf buf, int offset, byte[] expected) {
        for (int j = 0; j < expected.length; j++) {
            if (at(buf, offset + j) != expected[j]) {
                return false;
            }
        }
        return true;
    }

    /** Redis's string2ll over [{@code fromOffset}, {@code toOffset}): an optional '-', digits, no leading zero, no sign on zero; MIN_VALUE if not. */
    long parseLong(ByteBuf buf, int fromOffset, int toOffset) {
        int i = fromOffset;
        boolean negative = false;
        if (i < toOffset && at(buf, i) == '-') {
            negative = true;
            i++;
        }
        if (i >= toOffset || toOffset - i > 18) {
            return Long.MIN_VALUE;
        }
        if (at(buf, i) == '0' && (toOffset - i > 1 || negative)) {
            return Long.MIN_VALUE;
        }
        long value = 0;
        for (; i < toOffset; i++) {
            byte b = at(buf, i);
            if (b < '0' || b > '9') {
                return Long.MIN_VALUE;
            }
            value = value * 10 + (b - '0');
        }
        return negative ? -value : value;
    }

    /** The reader index moved {@code n} bytes on. */
    void skipped(int n) {
        from -= n;
    }

    /** The buffer was dropped: nothing copied is valid. */
    void clear() {
        length = 0;
    }

    private void fill(ByteBuf buf, int offset) {
        int n = Math.min(SIZE, buf.readableBytes() - offset);
        if (n <= 0) {
            throw new IndexOutOfBoundsException("offset " + offset + " of " + buf.readableBytes() + " readable");
        }
        int index = buf.readerIndex() + offset;
        if (buf.nioBufferCount() == 1) {
            // The buffer's own cached view, positioned at index: getBytes on a direct buffer without
            // Unsafe makes a ByteBuffer duplicate per call (~10% of the front's allocations under load).
            buf.internalNioBuffer(index, n).get(bytes, 0, n);
        } else {
            buf.getBytes(index, bytes, 0, n);
        }
        from = offset;
        length = n;
    }
}
