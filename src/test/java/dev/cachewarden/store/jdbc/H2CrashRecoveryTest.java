package dev.cachewarden.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link H2CrashRecovery} on files left as a {@code kill -9} leaves them: every commit written to the
 * OS, no clean mark, and (H2's header bug) a header that names an older chunk than the newest one.
 */
class H2CrashRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void reopensTheNewestVersionWhereH2WouldOpenAnOlderOne() {
        Path file = dir.resolve("db.mv.db");
        Map<Integer, String> committed = crashWithALaggingHeader(file);
        long newest = version(file, true);
        assertThat(version(file, false)).as("H2's own open, before the recovery").isLessThan(newest);
        assertThat(contents(file)).as("what H2's own open reads: the last commit is gone").isNotEqualTo(committed);

        H2CrashRecovery.recover(file);

        assertThat(H2Rebuild.closedCleanly(file)).isTrue();
        assertThat(version(file, false)).as("H2's own open, after it").isGreaterThanOrEqualTo(newest);
        assertSwappedIn(file, committed);
    }

    /** The copy replaced the file with every commit, and the index rebuild is still due if a crash comes next. */
    private void assertSwappedIn(Path file, Map<Integer, String> committed) {
        assertThat(contents(file)).isEqualTo(committed);
        assertThat(dir.resolve("db.mv.db.recovering")).doesNotExist();
        assertThat(dir.resolve(H2Rebuild.PENDING)).exists();
        assertThat(H2Rebuild.needed(dir, "db")).isTrue();
    }

    @Test
    void recoversAFileLargerThanWhatH2KeepsUnsaved() {
        // The copy then stores more than once, so it lands above the source's version + 1.
        Path file = dir.resolve("db.mv.db");
        Map<Integer, String> committed = crashWithALaggingHeader(file, 12_000);
        long newest = version(file, true);

        H2CrashRecovery.recover(file);

        assertThat(version(file, false)).isGreaterThan(newest + 1);
        assertThat(contents(file)).isEqualTo(committed);
    }

    @Test
    void replacesTheCopyOfARecoveryThatACrashCutShort() throws Exception {
        Path file = dir.resolve("db.mv.db");
        Map<Integer, String> committed = crashWithALaggingHeader(file);
        Files.write(dir.resolve("db.mv.db.recovering"), new byte[] {1, 2, 3});

        H2CrashRecovery.recover(file);

        assertSwappedIn(file, committed);
    }

    @Test
    void refusesLoudlyAndLeavesTheFileAsItWasWhenItCannotCopy() throws Exception {
        Path file = dir.resolve("db.mv.db");
        crashWithALaggingHeader(file);
        byte[] before = Files.readAllBytes(file);
        Path blocked = Files.createDirectories(dir.resolve("db.mv.db.recovering"));
        Files.write(blocked.resolve("x"), new byte[] {1});

        assertThatThrownBy(() -> H2CrashRecovery.recover(file)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("recovering " + file);

        assertThat(Files.readAllBytes(file)).as("the crashed file, untouched: the next start recovers again")
                .isEqualTo(before);
        assertThat(H2Rebuild.closedCleanly(file)).isFalse();
    }

    @Test
    void leavesAFileH2OpensAtItsNewestVersionAlone() throws Exception {
        Path file = dir.resolve("db.mv.db");
        MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
        store.openMap("data").put(1, "one");
        store.close();
        byte[] before = Files.readAllBytes(file);

        H2CrashRecovery.recover(file);

        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(dir.resolve(H2Rebuild.PENDING)).doesNotExist();
        H2CrashRecovery.recover(dir.resolve("absent.mv.db")); // nothing to do
    }

    /**
     * Commits versions of a map whose values change size, so that H2 reuses freed space and its header
     * falls behind, copying the file after each commit: a copy is what a kill (no clean close) at that
     * moment leaves. Stops at the first copy whose header names an older version than the newest
     * complete one; the same steps give the same file (no clock, no thread). Returns the map as last
     * committed.
     */
    private Map<Integer, String> crashWithALaggingHeader(Path file) {
        return crashWithALaggingHeader(file, 0);
    }

    /** As above, after {@code bulk} rows of 1 KB in a map of their own. */
    private Map<Integer, String> crashWithALaggingHeader(Path file, int bulk) {
        Path live = dir.resolve("live.mv.db");
        MVStore store = new MVStore.Builder().fileName(live.toString()).autoCommitDisabled().open();
        try {
            store.setRetentionTime(0);
            MVMap<Integer, String> bulkRows = store.openMap("bulk");
            for (int i = 0; i < bulk; i++) {
                bulkRows.put(i, Integer.toString(i).repeat(1000).substring(0, 1000));
            }
            store.commit();
            MVMap<Integer, String> map = store.openMap("data");
            Map<Integer, String> committed = new HashMap<>();
            for (int i = 0; i < 60; i++) {
                String value = "v".repeat(100 + (i * 37) % 3000) + i;
                map.put(i % 7, value);
                committed.put(i % 7, value);
                if (i % 3 == 0) {
                    map.remove((i + 3) % 7);
                    committed.remove((i + 3) % 7);
                }
                store.commit();
                Files.copy(live, file, StandardCopyOption.REPLACE_EXISTING);
                if (version(file, false) < version(file, true)) {
                    return new TreeMap<>(committed);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            store.closeImmediately();
        }
        throw new AssertionError("no sequence of commits left H2's header behind");
    }

    /** The version a read-only open lands on: H2's own ({@code scan} false) or its full scan's. */
    private static long version(Path file, boolean scan) {
        MVStore.Builder builder = new MVStore.Builder().fileName(file.toString()).readOnly();
        MVStore store = (scan ? builder.recoveryMode() : builder).open();
        try {
            return store.getCurrentVersion();
        } finally {
            store.closeImmediately();
        }
    }

    /** What H2's own open (no recovery) reads. */
    private static Map<Integer, String> contents(Path file) {
        MVStore store = new MVStore.Builder().fileName(file.toString()).readOnly().open();
        try {
            return new TreeMap<>(store.<Integer, String>openMap("data"));
        } finally {
            store.closeImmediately();
        }
    }
}
