package dev.cachewarden.store.jdbc;

import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.mvstore.MVStore;
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
 * the file. Its recovery mode scans the whole file instead and finds the newest complete chunk; a
 * clean close then leaves a header that points at it. The scan costs one small read per 4 KiB block.
 */
final class H2CrashRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(H2CrashRecovery.class);

    private H2CrashRecovery() {}

    /** @param file the database's {@code .mv.db} file; nothing happens when it does not exist */
    static void recover(Path file) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        String name = file.toString();
        long headerVersion = version(new MVStore.Builder().fileName(name).readOnly());
        long newestVersion = version(new MVStore.Builder().fileName(name).readOnly().recoveryMode());
        if (newestVersion <= headerVersion) {
            return;
        }
        LOG.warn("The embedded store was not closed cleanly: reopening version {} of {}, not version {} as H2 would",
                newestVersion, file, headerVersion);
        new MVStore.Builder().fileName(name).recoveryMode().autoCommitDisabled().open().close();
        long repaired = version(new MVStore.Builder().fileName(name).readOnly());
        if (repaired < newestVersion) {
            throw new IllegalStateException("recovering " + file + ": version " + repaired
                    + " after the repair, not " + newestVersion);
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
