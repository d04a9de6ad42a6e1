package dev.cachewarden.engine.node;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An adopted node made to keep this run's durability promise: it runs with whatever its earlier start
 * gave it (an older version's {@code appendfsync everysec}, which loses acknowledged writes to a
 * {@code kill -9}; or {@code no} when this run promises {@code --durability power-loss}). Both settings
 * are set on the running node at adoption ({@code CONFIG SET}, as the admin user over its socket). Its
 * {@code node.conf} is not rewritten: no one but {@link NodeStart} starts a node, and it writes the file
 * afresh at every start with this run's setting.
 */
final class AdoptedDurability {
    /** What the node ran with before, and whether it now runs as asked. */
    sealed interface Outcome {}

    /** Already as asked. */
    record Kept() implements Outcome {}

    /** Set: {@code appendonly} and {@code appendfsync} as they were. */
    record Changed(String appendonly, String appendfsync) implements Outcome {}

    /** The node did not answer, or refused a setting: it cannot be kept as it runs. */
    record Refused(String why) implements Outcome {}

    private AdoptedDurability() {}

    static Outcome apply(Path socket, AdminCredentials admin, AofFsync fsync) {
        // Read and set in one exchange: a node that already runs as asked takes two no-op sets, and an
        // adoption of hundreds of nodes pays one round trip each. appendfsync first, so an AOF turned on
        // here (a rewrite starts) is fsynced as asked from its first write.
        List<List<String>> commands = List.of(
                List.of("CONFIG", "GET", "appendonly"),
                List.of("CONFIG", "GET", "appendfsync"),
                List.of("CONFIG", "SET", "appendfsync", fsync.redisValue()),
                List.of("CONFIG", "SET", "appendonly", "yes"));
        Optional<List<Object>> replies = NodeProbe.exchange(socket, admin, commands);
        if (replies.isEmpty()) {
            // It answered the identity probe a moment ago: once more before a restart is the answer.
            replies = NodeProbe.exchange(socket, admin, commands);
        }
        if (replies.isEmpty()) {
            return new Refused("no answer on " + socket);
        }
        return outcome(replies.get(), fsync);
    }

    /** What the four replies of {@link #apply}'s exchange say. */
    static Outcome outcome(List<Object> replies, AofFsync fsync) {
        for (int i = 2; i < 4; i++) {
            if (!"+OK".equals(replies.get(i))) {
                return new Refused("CONFIG SET answered " + replies.get(i));
            }
        }
        String appendonly = value(replies.get(0));
        String appendfsync = value(replies.get(1));
        if ("yes".equals(appendonly) && fsync.redisValue().equals(appendfsync)) {
            return new Kept();
        }
        return new Changed(appendonly, appendfsync);
    }

    /** A CONFIG GET reply's value: [name, value]; an error as it came. */
    private static String value(Object reply) {
        return reply instanceof List<?> pair && pair.size() == 2 ? String.valueOf(pair.get(1)) : String.valueOf(reply);
    }
}
