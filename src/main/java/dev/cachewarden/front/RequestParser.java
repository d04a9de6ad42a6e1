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
 * Finds command boundaries in a client's RESP stream without copying it: what arrived is handed on
 * as one slice per read, values included (never buffered whole). Only a command whose name
 * {@code heldNames} selects (AUTH, HELLO…) is kept until complete, up to {@link #MAX_HELD} bytes, so
 * that it can be read and rewritten; a bigger one passes through unchanged. Limits and error texts
 * are redis-server's (networking.c), so a client sees what a node would say. Inline (telnet-style)
 * commands are turned into multi-bulk ones. One parser per connection, used from its event loop only.
 */
final class RequestParser {
    /** PROTO_INLINE_MAX_SIZE: the longest line (inline command, or count line) Redis reads. */
    static final int MAX_LINE = 64 * 1024;
    /** The most a held command may take; bigger, it passes through unread. */
    static final int MAX_HELD = 64 * 1024;
    /**
     * A command begun in one read and not ended waits for its end up to this size (redis's own read
     * size), so that what is handed on ends on a command boundary and may share a node connection
     * ({@link SharedUpstream}); a longer one streams through as it arrives.
     */
    static final int MAX_WHOLE = 16 * 1024;
    private static final int MAX_NAME = 32;

    interface Sink {
        /**
         * Bytes of whole or partial commands, to go to the node as they are; the sink releases them.
         * {@code whole}: they end where a command ends (the commands in them were all {@link #streamed}).
         */
        void forward(ByteBuf bytes, boolean whole);

        /** A command whose bytes are (or are about to be) forwarded ended; {@code name} upper case, "" if unknown. */
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

    /** Bytes received and not yet handed on; the reader index is the first byte not handed on. */
    private ByteBuf cumulation;
    private boolean failed;
    private State state = State.START;
    // Positions, as offsets from the reader index (which moves when bytes are handed on).
    private int parsed;
    private int commandStart;
    private int dataStart;
    /** How far past the parse position the current line was already searched, so a slow drip costs O(n). */
    private int scanned;
    // The command being read.
    private long argsLeft;
    private int argIndex;
    private long bulkLeft;
    private long bulkLength;
    private String name;
    /** Whether the command's bytes are kept until it ends: its name is not known yet, or it is held. */
    private boolean keeping;
    private List<byte[]> args;
    /** The last names read (as sent), upper-cased, and whether held: {@link #knownName()}. */
    private final byte[][] recentRaw = new byte[4][];
    private final String[] recentName = new String[4];
    private final boolean[] recentHeld = new boolean[4];
    private int recentNext;
    private int lastHit;
    private final ReadWindow window = new ReadWindow();

    RequestParser(ByteBufAllocator alloc, Sink sink, Predicate<String> heldNames, long maxBulkLength) {
        this.alloc = alloc;
        this.sink = sink;
        this.heldNames = heldNames;
        this.maxBulkLength = maxBulkLength;
    }

    /** True while a command has begun and not ended: a client stalled here holds the node's parser too. */
    boolean midCommand() {
        return state != State.START || (cumulation != null && cumulation.readableBytes() > parsed);
    }

    /** Parses what arrived; takes ownership of {@code in}. */
    void feed(ByteBuf in) {
        if (failed) {
            in.release();
            return;
        }
        if (cumulation == null) {
            cumulation = in;
            window.clear();
        } else {
            CompositeByteBuf c = cumulation instanceof CompositeByteBuf cc ? cc
                    : alloc.compositeBuffer(Integer.MAX_VALUE).addComponent(true, cumulation);
            c.addComponent(true, in);
            cumulation = c;
        }
        while (!failed && step()) {
            // each step parses something or waits for more
        }
        if (failed) {
            return;
        }
        // Hand on everything parsed, except a command still kept or begun and still short.
        boolean waitForEnd = state != State.START && commandStart >= 0 && parsed - commandStart <= MAX_WHOLE;
        handOn(keeping || waitForEnd ? commandStart : parsed);
        if (!cumulation.isReadable()) {
            cumulation.release();
            cumulation = null;
            window.clear();
        } else if (cumulation instanceof CompositeByteBuf c) {
            c.discardReadComponents();
        }
    }

    /** Releases what is kept; the connection closed. */
    void release() {
        failed = true;
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
            window.clear();
        }
    }

    /** Forwards the next {@code upTo} bytes (offsets shift down by as much). */
    private void handOn(int upTo) {
        if (upTo <= 0) {
            return;
        }
        boolean whole = (upTo == commandStart && commandStart >= 0) || (state == State.START && upTo == parsed);
        sink.forward(piece(upTo), whole);
        skip(upTo);
        parsed -= upTo;
        commandStart -= upTo;
        dataStart -= upTo;
    }

    /**
     * The next {@code length} bytes, for the sink to keep: a slice of the buffer read, or a copy when
     * several reads were joined, as {@code discardReadComponents()} would shift a composite's slices
     * under a sink that keeps them (a command waiting behind an AUTH decision, or for its replies).
     */
    private ByteBuf piece(int length) {
        int from = cumulation.readerIndex();
        return cumulation instanceof CompositeByteBuf
                ? alloc.directBuffer(length).writeBytes(cumulation, from, length)
                : cumulation.retainedSlice(from, length);
    }

    /** Moves the reader index {@code n} bytes on. */
    private void skip(int n) {
        cumulation.skipBytes(n);
        window.skipped(n);
    }

    private int available() {
        return cumulation.readableBytes() - parsed;
    }

    private int at(int offset) {
        return cumulation.readerIndex() + offset;
    }

    private boolean step() {
        if (available() <= 0) {
            return false;
        }
        ByteBuf in = cumulation;
        switch (state) {
            case START -> {
                commandStart = parsed;
                state = window.at(in, parsed) == '*' ? State.MULTIBULK_LINE : State.INLINE;
                return true;
            }
            case MULTIBULK_LINE -> {
                int cr = find((byte) '\r');
                if (cr < 0) {
                    return tooLong("too big mbulk count string");
                }
                if (cr + 1 >= in.readableBytes()) {
                    return false;
                }
                long count = window.parseLong(in, parsed + 1, cr);
                if (count == Long.MIN_VALUE || count > Integer.MAX_VALUE) {
                    return fail("invalid multibulk length");
                }
                parsed = cr + 2;
                scanned = 0;
                if (count <= 0) {
                    // An empty command: Redis ignores it, with no reply; so it is not sent on at all.
                    handOn(commandStart);
                    skip(parsed);
                    parsed = 0;
                    state = State.START;
                    return true;
                }
                argsLeft = count;
                argIndex = 0;
                name = null;
                keeping = true;
                args = null; // created when the name is read, if the command is held
                state = State.BULK_LINE;
                return true;
            }
            case BULK_LINE -> {
                byte first = window.at(in, parsed);
                if (first != '$') {
                    return fail("expected '$', got '" + (char) (first & 0xff) + "'");
                }
                int cr = find((byte) '\r');
                if (cr < 0) {
                    return tooLong("too big bulk count string");
                }
                if (cr + 1 >= in.readableBytes()) {
                    return false;
                }
                long length = window.parseLong(in, parsed + 1, cr);
                if (length < 0 || length > maxBulkLength) {
                    return fail("invalid bulk length");
                }
                parsed = cr + 2;
                scanned = 0;
                bulkLength = length;
                bulkLeft = length + 2;
                dataStart = parsed;
                if (keeping && ((argIndex == 0 && length > MAX_NAME)
                        || (long) parsed - commandStart + length + 2 > MAX_HELD)) {
                    stopKeeping();
                }
                state = State.BULK_DATA;
                return true;
            }
            case BULK_DATA -> {
                int n = (int) Math.min(available(), bulkLeft);
                parsed += n;
                bulkLeft -= n;
                if (bulkLeft == 0) {
                    argEnded();
                }
                return true;
            }
            case INLINE -> {
                return inline(in);
            }
            default -> throw new IllegalStateException(state.toString());
        }
    }

    private void argEnded() {
        if (keeping && argIndex == 0 && knownName()) {
            // the name was seen lately and is not held: no copy, no string
        } else if (keeping) {
            byte[] arg = new byte[(int) bulkLength];
            cumulation.getBytes(at(dataStart), arg);
            if (args == null) {
                args = new ArrayList<>();
            }
            args.add(arg);
            if (argIndex == 0) {
                name = new String(arg, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
                boolean held = heldNames.test(name);
                remember(arg, name, held);
                if (!held) {
                    stopKeeping();
                }
            }
        } else if (argIndex == 0) {
            name = "";
        }
        argIndex++;
        if (--argsLeft > 0) {
            state = State.BULK_LINE;
            return;
        }
        state = State.START;
        if (keeping) {
            keeping = false;
            handOn(commandStart);
            List<byte[]> all = args;
            args = null;
            ByteBuf raw = piece(parsed);
            skip(parsed);
            parsed = 0;
            sink.held(all, raw);
        } else {
            sink.streamed(name == null ? "" : name);
        }
    }

    /**
     * Whether the name just read is one of the last few names seen and not held; then it becomes
     * {@link #name} and the command streams. A pipelined client repeats a handful of names, so the
     * hot path neither copies nor upper-cases them.
     */
    private boolean knownName() {
        // The last name matched first: a pipelined batch mostly repeats one command.
        for (int k = 0; k < recentRaw.length; k++) {
            int i = (lastHit + k) % recentRaw.length;
            byte[] raw = recentRaw[i];
            if (raw != null && raw.length == bulkLength && !recentHeld[i] && window.matches(cumulation, dataStart, raw)) {
                name = recentName[i];
                lastHit = i;
                stopKeeping();
                return true;
            }
        }
        return false;
    }

    private void remember(byte[] raw, String upper, boolean held) {
        recentRaw[recentNext] = raw;
        recentName[recentNext] = upper;
        recentHeld[recentNext] = held;
        recentNext = (recentNext + 1) % recentRaw.length;
    }

    /** The command is not held after all (its name, or its size): its bytes go on as they are. */
    private void stopKeeping() {
        keeping = false;
        args = null;
        if (name == null && argIndex > 0) {
            name = "";
        }
    }

    private boolean inline(ByteBuf in) {
        int lfOffset = find((byte) '\n');
        if (lfOffset < 0) {
            return tooLong("too big inline request");
        }
        scanned = 0;
        int lf = at(lfOffset);
        int start = at(parsed);
        int end = lf > start && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        String line = in.toString(start, end - start, StandardCharsets.ISO_8859_1);
        List<byte[]> words = InlineSplitter.split(line);
        if (words == null) {
            return fail("unbalanced quotes in request");
        }
        handOn(parsed);
        skip(lf + 1 - in.readerIndex());
        parsed = 0;
        state = State.START;
        if (words.isEmpty()) {
            return true; // Redis answers nothing to an empty line
        }
        ByteBuf raw = Credentials.encode(alloc, words);
        String command = new String(words.get(0), StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
        if (heldNames.test(command)) {
            sink.held(words, raw);
        } else {
            sink.streamed(command);
            sink.forward(raw, true);
        }
        return true;
    }

    /** The offset of {@code b} on the current line within the line limit, or -1; remembers what it searched. */
    private int find(byte b) {
        int from = parsed + scanned;
        int to = Math.min(cumulation.readableBytes(), parsed + MAX_LINE + 2);
        int found = from < to ? window.indexOf(cumulation, from, to, b) : -1;
        if (found < 0) {
            scanned = Math.max(scanned, to - parsed);
        }
        return found;
    }

    private boolean tooLong(String message) {
        return available() > MAX_LINE + 1 ? fail(message) : false;
    }

    private boolean fail(String message) {
        failed = true;
        // Whole commands before the bad one still go to the node, which answers them first.
        handOn(Math.max(0, state == State.START ? parsed : commandStart));
        cumulation.release();
        cumulation = null;
        window.clear();
        args = null;
        sink.protocolError(message);
        return false;
    }
}
