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
 * (mapped, not copied) without an entry object for each of its files: with {@code JarFile.entries()}
 * finding the bundled migrations made ~21,000 of them, ~5 MB of garbage at every start, enough to
 * cost a start a collection before its first answer (docs/bench.md). Null for anything it does not
 * expect (ZIP64, no end record, a bad signature): the caller lists the jar with {@code JarFile} then.
 */
final class JarDirectory {
    private static final int END_SIGNATURE = 0x06054b50;
    private static final int ENTRY_SIGNATURE = 0x02014b50;
    private static final int END_SIZE = 22;
    private static final int ENTRY_SIZE = 46;

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
            while (at >= 0 && (end.getInt(at) != END_SIGNATURE || (end.getShort(at + 20) & 0xffff) != tail - at - END_SIZE)) {
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
            ByteBuffer cen = channel.map(FileChannel.MapMode.READ_ONLY, cenStart, cenSize).order(ByteOrder.LITTLE_ENDIAN);
            List<String> names = new ArrayList<>();
            int pos = 0;
            for (int i = 0; i < entries; i++) {
                if (pos + ENTRY_SIZE > cen.limit() || cen.getInt(pos) != ENTRY_SIGNATURE) {
                    return null;
                }
                int nameLength = cen.getShort(pos + 28) & 0xffff;
                int next = pos + ENTRY_SIZE + nameLength + (cen.getShort(pos + 30) & 0xffff) + (cen.getShort(pos + 32) & 0xffff);
                if (next > cen.limit()) {
                    return null;
                }
                int name = pos + ENTRY_SIZE;
                if (nameLength > prefix.length && startsWith(cen, name, prefix)) {
                    byte[] bytes = new byte[nameLength];
                    cen.get(name, bytes);
                    String full = new String(bytes, StandardCharsets.UTF_8);
                    if (full.indexOf('/', directory.length()) < 0) {
                        names.add(full);
                    }
                }
                pos = next;
            }
            return names;
        }
    }

    private static boolean startsWith(ByteBuffer cen, int at, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (cen.get(at + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
