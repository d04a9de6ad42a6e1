package dev.cachewarden.engine.cluster;

import dev.cachewarden.engine.node.AdminCredentials;
import dev.cachewarden.engine.NodeSession;
import dev.cachewarden.engine.NodeUnavailableException;
import io.lettuce.core.MigrateArgs;
import io.lettuce.core.RedisFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Moves hash slots with their keys from one master to another as redis-cli --cluster reshard does:
 * the target IMPORTING, the source MIGRATING, every key MIGRATEd (over the cluster's TLS, authenticated
 * as cachewarden's admin user with AUTH2), then both told the slot's new owner. The SETSLOT and key-count
 * commands of a batch are pipelined: most slots are empty and a scale-out moves thousands of them.
 * A move interrupted half way is finished by the next call: IMPORTING/MIGRATING are simply set again.
 */
final class SlotMover {
    private static final int KEYS_PER_MIGRATE = 100;
    private static final int MIGRATES_PER_PIPELINE = 64;
    private static final int MIGRATE_TIMEOUT_MILLIS = 5_000;
    private static final long REPLY_SECONDS = 10;

    private SlotMover() {}

    record Endpoint(NodeSession session, String nodeId, int tlsPort) {}

    /** @return the number of keys moved */
    static long move(List<Integer> slots, Endpoint from, Endpoint to, AdminCredentials admin) {
        var source = from.session().async();
        var target = to.session().async();
        awaitAll(to.session().batch(() -> slots.stream().map(s -> target.clusterSetSlotImporting(s, from.nodeId()))
                .toList()));
        awaitAll(from.session().batch(() -> slots.stream().map(s -> source.clusterSetSlotMigrating(s, to.nodeId()))
                .toList()));
        List<RedisFuture<Long>> counts = from.session().batch(() -> slots.stream()
                .map(source::clusterCountKeysInSlot).toList());
        awaitAll(counts);
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            if (get(counts.get(i)) > 0) {
                pending.add(slots.get(i));
            }
        }
        long moved = 0;
        // Every slot's keys asked for at once, then every MIGRATE sent at once: rounds, not a round trip per slot.
        while (!pending.isEmpty()) {
            List<Integer> asking = pending;
            List<RedisFuture<List<String>>> keys = from.session().batch(() -> asking.stream()
                    .map(s -> source.clusterGetKeysInSlot(s, KEYS_PER_MIGRATE)).toList());
            List<List<String>> found = keys.stream().map(SlotMover::get).toList();
            List<Integer> more = new ArrayList<>();
            for (int i = 0; i < found.size(); i++) {
                moved += found.get(i).size();
                if (found.get(i).size() == KEYS_PER_MIGRATE) {
                    more.add(asking.get(i));
                }
            }
            List<List<String>> nonEmpty = found.stream().filter(batch -> !batch.isEmpty()).toList();
            // In pipelines of MIGRATES_PER_PIPELINE: each MIGRATE waits for its target, and a thousand in one
            // pipeline outlasted the connection's command timeout on a loaded machine.
            for (int i = 0; i < nonEmpty.size(); i += MIGRATES_PER_PIPELINE) {
                List<List<String>> part = nonEmpty.subList(i, Math.min(nonEmpty.size(), i + MIGRATES_PER_PIPELINE));
                awaitAll(from.session().batch(() -> part.stream()
                        .map(batch -> source.migrate("127.0.0.1", to.tlsPort(), 0, MIGRATE_TIMEOUT_MILLIS,
                                MigrateArgs.Builder.<String>keys(batch).auth2(AdminCredentials.USER_NAME,
                                        admin.password())))
                        .toList()));
            }
            pending = more;
        }
        awaitAll(to.session().batch(() -> slots.stream().map(s -> target.clusterSetSlotNode(s, to.nodeId())).toList()));
        awaitAll(from.session().batch(() -> slots.stream().map(s -> source.clusterSetSlotNode(s, to.nodeId())).toList()));
        return moved;
    }

    /**
     * Tells a master that moved no slot of these who serves them now, as redis-cli's reshard does: learnt by
     * gossip alone, a node kept sending clients to the slot's old master for a while after the move.
     */
    static void announce(NodeSession session, List<Integer> slots, String nodeId) {
        var node = session.async();
        awaitAll(session.batch(() -> slots.stream().map(s -> node.clusterSetSlotNode(s, nodeId)).toList()));
    }

    private static void awaitAll(List<? extends RedisFuture<?>> futures) {
        for (RedisFuture<?> f : new ArrayList<>(futures)) {
            get(f);
        }
    }

    private static <T> T get(RedisFuture<T> future) {
        try {
            return future.get(REPLY_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new NodeUnavailableException("resharding step failed: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new NodeUnavailableException("resharding step got no answer in " + REPLY_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeUnavailableException("interrupted while resharding");
        }
    }
}
