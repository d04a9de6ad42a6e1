package dev.cachewarden.front;

import io.netty.buffer.ByteBuf;

/**
 * Follows a node's RESP2/RESP3 replies without copying them, to tell which reply answers which
 * command: each complete top-level reply is reported with its type byte. Push frames ({@code >},
 * RESP3 pub/sub and invalidation messages) and attributes ({@code |}) answer no command and are not
 * reported. The node is trusted; only lengths are read, payloads are skipped.
 */
final class ReplyCounter {
    interface Listener {
        /** A whole reply arrived; {@code type} is its first byte ('+', '-', '*', '%', …). */
        void reply(byte type);
    }

    private enum State { TYPE, LINE, SKIP }

    private final Listener listener;
    /** The bytes read, from an array (see {@link ReadWindow}); offsets from the scan's reader index. */
    private final ReadWindow window = new ReadWindow();
    private State state = State.TYPE;
    private byte lineType;
    private byte topType;
    private long number;
    private boolean negative;
    private long skip;
    private long[] remaining = new long[8];
    private int depth;
    /** Where the reply last reported ends (the index just after its last byte). */
    private int replyEnd;
    /** Set by the listener: {@link #scan} returns right after the reply just reported. */
    private boolean stopped;

    ReplyCounter(Listener listener) {
        this.listener = listener;
    }

    /** The index just after the last byte of the reply being reported (for a listener cutting the stream there). */
    int replyEnd() {
        return replyEnd;
    }

    /** From the listener: the scan under way stops after the reply it just reported. */
    void stop() {
        stopped = true;
    }

    /**
     * Reads the bytes between the reader and writer index without moving them.
     * @return where it stopped: the writer index, or just after a reply if the listener called {@link #stop}
     */
    int scan(ByteBuf buf) {
        int i = buf.readerIndex();
        int end = buf.writerIndex();
        int base = i;
        window.clear();
        while (i < end) {
            if (stopped) {
                stopped = false;
                return i;
            }
            switch (state) {
                case TYPE -> {
                    lineType = window.at(buf, i++ - base);
                    if (depth == 0) {
                        topType = lineType;
                    }
                    number = 0;
                    negative = false;
                    state = State.LINE;
                }
                case LINE -> {
                    if (isLength(lineType)) {
                        while (i < end) {
                            byte b = window.at(buf, i++ - base);
                            if (b == '\n') {
                                replyEnd = i;
                                lineEnded();
                                break;
                            } else if (b == '-') {
                                negative = true;
                            } else if (b >= '0' && b <= '9') {
                                number = number * 10 + (b - '0');
                            }
                        }
                    } else {
                        int lf = window.indexOf(buf, i - base, end - base, (byte) '\n');
                        if (lf < 0) {
                            i = end;
                        } else {
                            i = base + lf + 1;
                            replyEnd = i;
                            valueEnded();
                        }
                    }
                }
                case SKIP -> {
                    long n = Math.min(skip, end - i);
                    i += (int) n;
                    skip -= n;
                    if (skip == 0) {
                        replyEnd = i;
                        valueEnded();
                    }
                }
                default -> throw new IllegalStateException();
            }
        }
        if (stopped) {
            stopped = false;
        }
        return end;
    }

    private static boolean isLength(byte type) {
        return switch (type) {
            case '$', '!', '=', '*', '~', '>', '%', '|' -> true;
            default -> false;
        };
    }

    private void lineEnded() {
        long n = negative ? -number : number;
        switch (lineType) {
            case '$', '!', '=' -> {
                if (n < 0) {
                    valueEnded();
                } else {
                    skip = n + 2;
                    state = State.SKIP;
                }
            }
            case '*', '~', '>' -> aggregate(n);
            case '%', '|' -> aggregate(n < 0 ? n : 2 * n);
            default -> valueEnded();
        }
    }

    private void aggregate(long elements) {
        if (elements <= 0) {
            valueEnded();
            return;
        }
        if (depth == remaining.length) {
            remaining = java.util.Arrays.copyOf(remaining, depth * 2);
        }
        remaining[depth++] = elements;
        state = State.TYPE;
    }

    private void valueEnded() {
        state = State.TYPE;
        while (depth > 0) {
            if (--remaining[depth - 1] > 0) {
                return;
            }
            depth--;
        }
        if (topType != '>' && topType != '|') {
            listener.reply(topType);
        }
    }
}
