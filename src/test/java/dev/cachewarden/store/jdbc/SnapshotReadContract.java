package dev.cachewarden.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.domain.AccessString;
import dev.cachewarden.domain.Authentication;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.Status;
import dev.cachewarden.domain.User;
import dev.cachewarden.store.Store;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every Describe relies on: a read transaction sees one snapshot, so a commit that lands between
 * two of its statements is invisible to both (a plain READ COMMITTED transaction would see it in the
 * second).
 */
public abstract class SnapshotReadContract {
    protected abstract Store store();

    @Test
    void aCommitBetweenTwoStatementsOfASnapshotReadIsSeenByNeither() throws Exception {
        Store store = store();
        store.inTransaction(tx -> tx.users().insert(user("before")));
        List<Long> counts = store.readSnapshot(tx -> {
            long first = tx.users().count();
            // Another transaction commits between this read's two statements.
            join(CompletableFuture.runAsync(() -> store.inTransaction(other -> other.users().insert(user("between")))));
            return List.of(first, tx.users().count(), tx.users().find("between", false).isPresent() ? 1L : 0L);
        });
        assertThat(counts.get(1)).as("the second statement's count").isEqualTo(counts.get(0));
        assertThat(counts.get(2)).as("the row committed in between").isZero();
        boolean seenLater = store.readSnapshot(tx -> tx.users().find("between", false).isPresent());
        assertThat(seenLater).as("a new snapshot sees it").isTrue();
    }

    private static void join(CompletableFuture<?> f) {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static User user(String id) {
        return new User(id, id, Engine.REDIS, Status.ACTIVE, AccessString.parse("on ~* +@all"),
                new Authentication.NoPassword(), List.of(), 0);
    }
}
