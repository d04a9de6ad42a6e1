package dev.cachewarden.front;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Finds command boundaries in a client's RESP stream without buffering values: bulk payloads are
 * handed on as they arrive. Only a command whose name {@code held} selects (AUTH, HELLO…) is kept
 * whole, up to {@link #MAX_HELD} bytes, so that it can be read and rewritten; a bigger one streams
 * through unchanged. Limits and error texts are redis-server's (networking.c), so a client sees
 * what a node would say. Inline commands (telnet style) are turned into multi-bulk ones.
 * One parser per connection, used from its event loop only.
 */
final class RequestParser {
    /** PROTO_INLINE_MAX_SIZE: the longest line (inline command, or count line) Redis reads. */
    static final int MAX_LINE = 64 * 1024;
    /** The most a held command may take; a command name longer than this many bytes is never held. */
    static final int MAX_HELD = 64 * 1024;
    private static final int MAX_NAME = 64;

    interface Sink {
        /** Bytes of the current command, to go to the node as they are; the sink releases them. */
        void forward(ByteBuf bytes);

        /** The command whose bytes were forwarded is complete; {@code name} upper case, "" if unknown. */
        void streamed(String name);

        /** A whole held command: its arguments and its bytes (which the sink releases). */
        void held(List<byte[]> args, ByteBuf raw);

        /** The stream cannot be parsed: {@code message} follows "Protocol error: ". Nothing more comes. */
        void protocolError(String message);
    }

    private enum State { START, MULTIBULK_LINE, BULK_LINE, BULK_DATA, INLINE }

    private final ByteBufAllocator alloc;
    private final Sink sink;
    private final Predicate<String> heldNames;
    private final long maxBulkLength;

    private ByteBuf cumulation;
    private State state = State.START;
    private boolean failed;
    // The command being read.
    private long argsLeft;
    private int argIndex;
    private long bulkLeft;
    private int bulkLength;
    private String name;
    private ByteBuf hold;
    private List<byte[]> args;
    private byte[] capture;
    private int capturePos;
    /** How far past the reader index the current line was already searched, so a slow drip costs O(n). */
    private int scanned;

    RequestParser(ByteBufAllocator alloc, Sink sink, Predicate<String> heldNames, long maxBulkLength) {
        this.alloc = alloc;
        this.sink = sink;
        this.heldNames = heldNames;
        this.maxBulkLength = maxBulkLength;
    }

    /** True while a command has begun and not ended: a client stalled here holds the node's parser too. */
    boolean midCommand() {
        return state != State.START || (cumulation != null && cumulation.isReadable());
    }

    /** Parses what arrived; takes ownership of {@code in}. */
    void feed(ByteBuf in) {
        if (failed) {
            in.release();
            return;
        }
        if (cumulation == null) {
            cumulation = in;
        } else {
            CompositeByteBuf c = cumulation instanceof CompositeByteBuf cc ? cc
                    : alloc.compositeBuffer(Integer.MAX_VALUE).addComponent(true, cumulation);
            c.addComponent(true, in);
            cumulation = c;
        }
        try {
            while (!failed && step()) {
                // each step consumes something or waits for more
            }
        } finally {
            if (cumulation != null && (!cumulation.isReadable() || failed)) {
                cumulation.release();
                cumulation = null;
            } else if (cumulation instanceof CompositeByteBuf c) {
                c.discardReadComponents();
            }
        }
    }

    /** Releases what is held; the connection closed. */
    void release() {
        failed = true;
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
        dropHold();
    }

    private boolean step() {
        ByteBuf in = cumulation;
        if (!in.isReadable()) {
            return false;
        }
        switch (state) {
            case START -> {
                state = in.getByte(in.readerIndex()) == '*' ? State.MULTIBULK_LINE : State.INLINE;
                return true;
            }
            case MULTIBULK_LINE -> {
                int cr = find(in, (byte) '\r');
                if (cr < 0) {
                    return tooLong(in, "too big mbulk count string");
                }
                if (cr + 1 >= in.writerIndex()) {
                    return false;
                }
                long count = parseLong(in, in.readerIndex() + 1, cr);
                if (count == Long.MIN_VALUE || count > Integer.MAX_VALUE) {
                    return fail("invalid multibulk length");
                }
                scanned = 0;
                int lineLength = cr + 2 - in.readerIndex();
                if (count <= 0) {
                    in.skipBytes(lineLength); // an empty command: Redis ignores it, with no reply
                    state = State.START;
                    return true;
                }
                hold = alloc.buffer(Math.min(lineLength + 256, MAX_HELD));
                hold.writeBytes(in, lineLength);
                args = new ArrayList<>();
                argsLeft = count;
                argIndex = 0;
                name = null;
                state = State.BULK_LINE;
                return true;
            }
            case BULK_LINE -> {
                byte first = in.getByte(in.readerIndex());
                if (first != '$') {
                    return fail("expected '$', got '" + (char) (first & 0xff) + "'");
                }
                int cr = find(in, (byte) '\r');
                if (cr < 0) {
                    return tooLong(in, "too big bulk count string");
                }
                if (cr + 1 >= in.writerIndex()) {
                    return false;
                }
                long length = parseLong(in, in.readerIndex() + 1, cr);
                if (length < 0 || length > maxBulkLength) {
                    return fail("invalid bulk length");
                }
                scanned = 0;
                int lineLength = cr + 2 - in.readerIndex();
                if (hold != null && ((argIndex == 0 && length > MAX_NAME)
                        || hold.readableBytes() + lineLength + length + 2 > MAX_HELD)) {
                    unhold();
                }
                emit(in, lineLength);
                bulkLeft = length + 2;
                bulkLength = (int) Math.min(length, Integer.MAX_VALUE);
                if (hold != null) {
                    capture = new byte[bulkLength];
                    capturePos = 0;
                }
                state = State.BULK_DATA;
                return true;
            }
            case BULK_DATA -> {
                int n = (int) Math.min(in.readableBytes(), bulkLeft);
                if (hold != null) {
                    int payload = Math.max(0, Math.min(n, bulkLength - capturePos));
                    in.getBytes(in.readerIndex(), capture, capturePos, payload);
                    capturePos += payload;
                }
                emit(in, n);
                bulkLeft -= n;
                if (bulkLeft > 0) {
                    return true;
                }
                argEnded();
                return true;
            }
            case INLINE -> {
                return inline(in);
            }
            default -> throw new IllegalStateException(state.toString());
        }
    }

    private void argEnded() {
        if (hold != null) {
            args.add(capture);
            if (argIndex == 0) {
                name = new String(capture, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
                if (!heldNames.test(name)) {
                    unhold();
                }
            }
        } else if (argIndex == 0) {
            name = "";
        }
        capture = null;
        argIndex++;
        if (--argsLeft > 0) {
            state = State.BULK_LINE;
            return;
        }
        state = State.START;
        if (hold != null) {
            ByteBuf raw = hold;
            List<byte[]> all = args;
            hold = null;
            args = null;
            sink.held(all, raw);
        } else {
            sink.streamed(name == null ? "" : name);
        }
    }

    /** The command is not held after all: what was held goes on, and the rest streams. */
    private void unhold() {
        if (hold != null) {
            ByteBuf h = hold;
            hold = null;
            args = null;
            capture = null;
            sink.forward(h);
        }
        if (name == null && argIndex > 0) {
            name = "";
        }
    }

    private void emit(ByteBuf in, int n) {
        if (hold != null) {
            hold.writeBytes(in, n);
        } else {
            sink.forward(in.readRetainedSlice(n));
        }
    }

    private boolean inline(ByteBuf in) {
        int lf = find(in, (byte) '\n');
        if (lf < 0) {
            return tooLong(in, "too big inline request");
        }
        scanned = 0;
        int end = lf > in.readerIndex() && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        String line = in.toString(in.readerIndex(), end - in.readerIndex(), StandardCharsets.ISO_8859_1);
        in.skipBytes(lf + 1 - in.readerIndex());
        state = State.START;
        List<byte[]> words = InlineSplitter.split(line);
        if (words == null) {
            return fail("unbalanced quotes in request");
        }
        if (words.isEmpty()) {
            return true; // Redis answers nothing to an empty line
        }
        ByteBuf raw = alloc.buffer(line.length() + 16 * words.size());
        raw.writeCharSequence("*" + words.size() + "\r\n", StandardCharsets.US_ASCII);
        for (byte[] w : words) {
            raw.writeCharSequence("$" + w.length + "\r\n", StandardCharsets.US_ASCII);
            raw.writeBytes(w).writeByte('\r').writeByte('\n');
        }
        String command = new String(words.get(0), StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
        if (heldNames.test(command)) {
            sink.held(words, raw);
        } else {
            sink.forward(raw);
            sink.streamed(command);
        }
        return true;
    }

    /** The index of {@code b} within the line limit, or -1; remembers what it searched. */
    private int find(ByteBuf in, byte b) {
        int from = in.readerIndex() + scanned;
        int to = Math.min(in.writerIndex(), in.readerIndex() + MAX_LINE + 2);
        int at = from < to ? in.indexOf(from, to, b) : -1;
        if (at < 0) {
            scanned = Math.max(scanned, to - in.readerIndex());
        }
        return at;
    }

    private boolean tooLong(ByteBuf in, String message) {
        return in.readableBytes() > MAX_LINE + 1 ? fail(message) : false;
    }

    private boolean fail(String message) {
        failed = true;
        dropHold();
        sink.protocolError(message);
        return false;
    }

    private void dropHold() {
        if (hold != null) {
            hold.release();
            hold = null;
        }
        args = null;
        capture = null;
    }

    /** Redis's string2ll: an optional '-', digits, no leading zero, no sign on zero; MIN_VALUE if not. */
    static long parseLong(ByteBuf in, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && in.getByte(i) == '-') {
            negative = true;
            i++;
        }
        if (i >= to || to - i > 18) {
            return Long.MIN_VALUE;
        }
        if (in.getByte(i) == '0' && (to - i > 1 || negative)) {
            return Long.MIN_VALUE;
        }
        long value = 0;
        for (; i < to; i++) {
            byte b = in.getByte(i);
            if (b < '0' || b > '9') {
                return Long.MIN_VALUE;
            }
            value = value * 10 + (b - '0');
        }
        return negative ? -value : value;
    }
}
