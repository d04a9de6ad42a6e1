package dev.cachewarden.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.Status;
import dev.cachewarden.domain.UserGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The group commit's stores move live pages out of sparse chunks (H2's background writer, which does
 * that elsewhere, never runs here): without it every chunk that kept one live page stayed whole and
 * the file grew by gigabytes under a minute of writes.
 */
class H2CompactionTest {
    @TempDir
    Path dir;

    @Test
    void storesUnderWritesMovePagesAndLoseNone() throws Exception {
        try (JdbcStore store = JdbcStore.embedded(dir.resolve("data"))) {
            H2GroupCommit commits = store.groupCommit();
            commits.retentionTime(100); // H2 moves pages only out of chunks older than this (45 s by default)
            long end = System.nanoTime() + 3_000_000_000L; // several compaction periods
            int i = 0;
            while (System.nanoTime() < end) {
                String id = "g" + i++;
                // Each commit is a store of its own: a chunk with the new rows' leaves, which the next
                // one replaces except where a leaf filled up and split (those stay live in it).
                store.inTransaction(tx -> tx.userGroups().insert(new UserGroup(id, Engine.REDIS, Status.ACTIVE,
                        List.of("default"), null, List.of(), List.of(), null, 1)));
            }
            System.out.printf("%d commits, %d compactions, chunks %d%% full%n", i, commits.compactions(),
                    commits.chunksFillRate());
            assertThat(commits.compactions()).as("compactions in 3 s of writes").isPositive();
            long count = store.readSnapshot(tx -> tx.userGroups().count());
            assertThat(count).isEqualTo(i);
            // The moved pages are in the file as every commit was answered: a copy taken now, opened as
            // the store opens after a kill -9, holds every group.
            Path copy = Files.createDirectories(dir.resolve("copy"));
            Files.copy(dir.resolve("data").resolve("cachewarden.mv.db"), copy.resolve("cachewarden.mv.db"));
            int total = i;
            try (JdbcStore crashed = JdbcStore.embedded(copy)) {
                long reopened = crashed.readSnapshot(tx -> tx.userGroups().count());
                Optional<UserGroup> first = crashed.readSnapshot(tx -> tx.userGroups().find("g0", false));
                Optional<UserGroup> last = crashed.readSnapshot(tx -> tx.userGroups().find("g" + (total - 1), false));
                assertThat(reopened).isEqualTo(total);
                assertThat(first).isPresent();
                assertThat(last).isPresent();
            }
        }
    }
}
