package dev.cachewarden.store.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.SingleFileStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reopens the embedded database file at its newest complete version after a crash, before H2 opens
 * it.
 *
 * <p>H2 (2.2 and later, 2.5.252 included) writes each commit as a chunk, often into free space in
 * the middle of the file. When a chunk does not land where the previous one predicted, H2 rewrites
 * the file header, but with the previous chunk in it (its {@code lastChunk} is only updated after
 * the write). After a {@code kill -9}, H2's quick recovery follows that header, misses the newest
 * chunks and opens an older version: acknowledged commits vanish although every byte of them is in
 * the file. Its recovery mode scans the whole file instead and finds the newest complete chunk.
 *
 * <p>That version is copied, read-only, into a new file ({@link MVStore#compact}, as H2's own
 * {@code SHUTDOWN COMPACT} does), which is checked and then renamed over the old one. The crashed
 * file is never written: repairing it in place (a read-write open in recovery mode, then a clean
 * close) now and then left a header at an older version than the scan had found, and since that close
 * also marked the file clean, the next start would have opened the older version without a word.
 * A crash during the copy leaves the old file as it was, so the next start simply recovers again.
 */
final class H2CrashRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(H2CrashRecovery.class);
    /** The copy's name beside the file: H2 never opens it as a database (no {@code .mv.db}). */
    private static final String SUFFIX = ".recovering";

    private H2CrashRecovery() {}

    /** @param file the database's {@code .mv.db} file; nothing happens when it does not exist */
    static void recover(Path file) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        String name = file.toString();
        Path copy = file.resolveSibling(file.getFileName() + SUFFIX);
        long headerVersion = version(new MVStore.Builder().fileName(name).readOnly());
        long newestVersion = version(new MVStore.Builder().fileName(name).readOnly().recoveryMode());
        if (newestVersion <= headerVersion) {
            return;
        }
        LOG.warn("The embedded store was not closed cleanly: reopening version {} of {}, not version {} as H2 would",
                newestVersion, file, headerVersion);
        try {
            Files.deleteIfExists(copy); // from a recovery that a crash cut short
            copyNewest(name, copy.toString());
            check(file, copy, newestVersion);
            // The copy is closed cleanly: a crash between the swap and the index rebuild that follows must
            // still leave the next start knowing the rebuild is due.
            Path pending = file.resolveSibling(H2Rebuild.PENDING);
            if (!Files.exists(pending)) {
                Files.createFile(pending);
            }
            Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("recovering " + file, e);
        }
    }

    /**
     * Copies what a read-only open in recovery mode sees: {@code compact} opens the source with the
     * settings of the file store it is given, so the store below is only the carrier of {@code
     * recoveryMode} (and is closed by it).
     */
    private static void copyNewest(String source, String target) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("recoveryMode", 1);
        SingleFileStore recovering = new SingleFileStore(settings);
        recovering.open(source, true, null);
        MVStore.compact(source, target, false, recovering);
    }

    /**
     * The copy must open as H2 would open it, without recovery, cleanly and at its newest version.
     * {@code compact} gives the copy the source's version and stores it once (more often only for a
     * copy larger than H2's auto-commit buffer, megabytes): a copy at or below {@code newestVersion}
     * read an older version. The source must still scan to that version: it was only read.
     */
    private static void check(Path file, Path copy, long newestVersion) {
        String name = copy.toString();
        long plain = version(new MVStore.Builder().fileName(name).readOnly());
        long scanned = version(new MVStore.Builder().fileName(name).readOnly().recoveryMode());
        long source = version(new MVStore.Builder().fileName(file.toString()).readOnly().recoveryMode());
        if (plain != scanned || plain <= newestVersion || source != newestVersion || !H2Rebuild.closedCleanly(copy)) {
            throw new IllegalStateException("recovering " + file + ": the copy of version " + newestVersion
                    + " opens at version " + plain + " (its newest: " + scanned + ", the file's now: " + source
                    + "); the file is left as it was");
        }
    }

    private static long version(MVStore.Builder builder) {
        MVStore store = builder.open();
        try {
            return store.getCurrentVersion();
        } finally {
            store.closeImmediately();
        }
    }
}
