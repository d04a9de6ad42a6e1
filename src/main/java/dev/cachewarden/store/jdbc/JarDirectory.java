package dev.cachewarden.store.jdbc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The names of a jar's files directly under one directory, read from the jar's central directory
 * without an entry object for each of its files: with {@code JarFile.entries()}
 * finding the bundled migrations made ~21,000 of them, ~5 MB of garbage at every start, enough to
 * cost a start a collection before its first answer (docs/bench.md). Null for anything it does not
 * expect (ZIP64, no end record, a bad signature): the caller lists the jar with {@code JarFile} then.
 */
final class JarDirectory {
    private static final int END_SIGNATURE = 0x06054b50;
    private static final int ENTRY_SIGNATURE = 0x02014b50;
    private static final int END_SIZE = 22;
    private static final int ENTRY_SIZE = 46;
    /** Room for the longest entry header (three 64 KB fields) and then some. */
    private static final int WINDOW = 256 * 1024;

    private JarDirectory() {
    }

    /** The full names of the files directly under {@code directory} (which ends with '/'), else null. */
    static List<String> files(Path jar, String directory) throws IOException {
        byte[] prefix = directory.getBytes(StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(jar, StandardOpenOption.READ)) {
            long size = channel.size();
            int tail = (int) Math.min(size, END_SIZE + 0xffff); // the end record, then at most a 64 KB comment
            ByteBuffer end = ByteBuffer.allocate(tail).order(ByteOrder.LITTLE_ENDIAN);
            while (end.hasRemaining() && channel.read(end, size - tail + end.position()) > 0) {
                // read the tail whole
            }
            int at = tail - END_SIZE;
            // The last signature whose comment length reaches the file's end exactly.
            while (at >= 0
                    && (end.getInt(at) != END_SIGNATURE || (end.getShort(at + 20) & 0xffff) != tail - at - END_SIZE)) {
                at--;
            }
            if (at < 0 || end.hasRemaining()) {
                return null;
            }
            int entries = end.getShort(at + 10) & 0xffff;
            long cenSize = end.getInt(at + 12) & 0xffffffffL;
            // From the end record's own position: right even when something precedes the archive.
            long cenStart = size - tail + at - cenSize;
            if (entries == 0xffff || cenSize >= Integer.MAX_VALUE || cenStart < 0) {
                return null; // ZIP64, or not what its end record says
            }
            // Read in windows into one small array and decoded by hand: ByteBuffer's accessors cost a
            // dozen interpreted calls a field, and this runs once, before the JIT has looked at it.
            byte[] window = new byte[WINDOW];
            int filled = 0;
            int pos = 0;
            long next = cenStart;
            long cenEnd = cenStart + cenSize;
            List<String> names = new ArrayList<>();
            for (int i = 0; i < entries; i++) {
                if (filled - pos < ENTRY_SIZE + 0xffff * 3 && next < cenEnd) {
                    System.arraycopy(window, pos, window, 0, filled - pos);
                    filled -= pos;
                    pos = 0;
                    int room = (int) Math.min(window.length - filled, cenEnd - next);
                    ByteBuffer into = ByteBuffer.wrap(window, filled, room);
                    while (into.hasRemaining()) {
                        int n = channel.read(into, next);
                        if (n <= 0) {
                            return null;
                        }
                        next += n;
                    }
                    filled = into.position();
                }
                if (pos + ENTRY_SIZE > filled || int32(window, pos) != ENTRY_SIGNATURE) {
                    return null;
                }
                int nameLength = int16(window, pos + 28);
                int after = pos + ENTRY_SIZE + nameLength + int16(window, pos + 30) + int16(window, pos + 32);
                if (after > filled) {
                    return null;
                }
                int name = pos + ENTRY_SIZE;
                if (nameLength > prefix.length && window[name] == prefix[0]
                        && java.util.Arrays.equals(window, name, name + prefix.length, prefix, 0, prefix.length)) {
                    String full = new String(window, name, nameLength, StandardCharsets.UTF_8);
                    if (full.indexOf('/', directory.length()) < 0) {
                        names.add(full);
                    }
                }
                pos = after;
            }
            return names;
        }
    }

    private static int int16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static int int32(byte[] b, int at) {
        return int16(b, at) | int16(b, at + 2) << 16;
    }
}
