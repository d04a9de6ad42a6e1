package dev.cachewarden.bench;

import dev.cachewarden.domain.AccessString;
import dev.cachewarden.domain.Authentication;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.PasswordHash;
import dev.cachewarden.domain.Status;
import dev.cachewarden.domain.User;
import dev.cachewarden.domain.UserGroup;
import dev.cachewarden.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills a server's data directory before the server starts, through the store itself: 100,000
 * CreateUser requests take minutes at a few thousand a second (far longer on a busy machine), which
 * the whole benchmark's 10-minute budget cannot hold. The rows are what the API would have stored:
 * users like {@link Workloads#createUser} (one password, hashed; never kept in plaintext) and active
 * groups with {@code default} and their members.
 */
final class StoreSeed {
    private static final int BATCH = 500; // small enough that H2 never stores by itself mid-transaction

    private StoreSeed() {}

    /** @return seconds taken */
    static double seed(Path dataDir, int users, int groups, int membersPerGroup) {
        long t0 = System.nanoTime();
        AccessString access = AccessString.parse("on ~app:* -@all +@read");
        // One hash for all: hashing 100,000 distinct passwords would time the seeder, not the server.
        Authentication auth = new Authentication.Password(List.of(PasswordHash.of("bench-password-scale")));
        try (JdbcStore store = JdbcStore.embedded(dataDir)) {
            for (int from = 0; from < users; from += BATCH) {
                int start = from;
                int end = Math.min(users, from + BATCH);
                store.inTransaction(tx -> {
                    for (int i = start; i < end; i++) {
                        String id = ScaleSection.userId(i);
                        tx.users().insert(new User(id, id, Engine.REDIS, Status.ACTIVE, access, auth, List.of(), 0));
                    }
                    return null;
                });
            }
            for (int from = 0; from < groups; from += BATCH) {
                int start = from;
                int end = Math.min(groups, from + BATCH);
                store.inTransaction(tx -> {
                    for (int g = start; g < end; g++) {
                        List<String> members = new ArrayList<>(List.of(User.DEFAULT_USER_ID));
                        for (int k = 0; k < membersPerGroup; k++) {
                            members.add(ScaleSection.userId((g * membersPerGroup + k) % users));
                        }
                        tx.userGroups().insert(new UserGroup(ScaleSection.groupId(g), Engine.REDIS, Status.ACTIVE,
                                members, null, List.of(), List.of(), null, 0));
                    }
                    return null;
                });
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
