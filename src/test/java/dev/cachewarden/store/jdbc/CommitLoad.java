package dev.cachewarden.store.jdbc;

import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.Status;
import dev.cachewarden.domain.UserGroup;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;

/**
 * The child process of {@link EmbeddedCommitKillIT}: threads that each create user groups and rewrite
 * their members (delete all, insert again, as ModifyUserGroup does) on the real embedded store, until
 * the process is killed. Before each transaction a thread writes {@code try <group> <members>} to its
 * own journal, after its commit returned {@code ack <group>}: plain writes, so they outlive a
 * {@code kill -9} just as H2's own (neither is fsynced).
 *
 * <p>Arguments: data dir, journal dir, threads, seed.
 */
public final class CommitLoad {
    private CommitLoad() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path journals = Path.of(args[1]);
        int threads = Integer.parseInt(args[2]);
        long seed = Long.parseLong(args[3]);
        JdbcStore store = JdbcStore.embedded(data);
        System.out.println("open");
        System.out.flush();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread worker = new Thread(() -> run(store, journals, "p" + seed + "t" + thread, new Random(seed + thread)));
            worker.start();
        }
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void run(JdbcStore store, Path journals, String prefix, Random random) {
        try (FileChannel journal = FileChannel.open(journals.resolve(prefix), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            int groups = 0;
            int serial = 0;
            while (true) {
                List<String> members = List.of("default", prefix + "u" + serial++);
                if (groups == 0 || random.nextInt(4) == 0) {
                    String id = prefix + "g" + groups++;
                    write(journal, "try " + id + " " + String.join(",", members));
                    store.inTransaction(tx -> tx.userGroups().insert(new UserGroup(id, Engine.REDIS, Status.ACTIVE,
                            members, null, List.of(), List.of(), null, 1)));
                    write(journal, "ack " + id);
                } else {
                    String id = prefix + "g" + random.nextInt(groups);
                    write(journal, "try " + id + " " + String.join(",", members));
                    store.inTransaction(tx -> {
                        tx.userGroups().find(id, true).orElseThrow();
                        tx.userGroups().setMembers(id, members);
                        return null;
                    });
                    write(journal, "ack " + id);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void write(FileChannel journal, String line) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (buffer.hasRemaining()) {
            journal.write(buffer);
        }
    }
}
