package dev.cachewarden.engine;

import dev.cachewarden.engine.node.NodeAddress;
import io.lettuce.core.KillArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.util.ArrayList;
import java.util.List;

/** One open management connection to a node: the few admin commands cachewarden sends. */
public final class NodeSession implements AutoCloseable {
    private final NodeAddress node;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> sync;

    NodeSession(NodeAddress node, StatefulRedisConnection<String, String> connection) {
        this.node = node;
        this.connection = connection;
        this.sync = connection.sync();
    }

    public NodeAddress node() {
        return node;
    }

    /** {@code ACL LIST}: one {@code user <name> <rules>} line per user. */
    public List<String> aclList() {
        return call(sync::aclList);
    }

    /**
     * Sends commands without waiting for each answer (one connection keeps them in order), so that a
     * change of several users costs one round trip; {@link Pipeline#await} takes each answer.
     */
    public Pipeline pipeline() {
        return new Pipeline();
    }

    /** Commands sent ahead; their answers are awaited in any order, failures as {@link NodeUnavailableException}. */
    public final class Pipeline {
        private final io.lettuce.core.api.async.RedisAsyncCommands<String, String> async = connection.async();

        private Pipeline() {}

        public io.lettuce.core.RedisFuture<String> setUser(String name, List<String> rules) {
            CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add("SETUSER").add(name);
            for (String rule : rules) {
                args.add(rule);
            }
            return call(() -> async.dispatch(CommandType.ACL, new StatusOutput<>(StringCodec.UTF8), args));
        }

        public io.lettuce.core.RedisFuture<List<Object>> getUser(String name) {
            return call(() -> async.aclGetuser(name));
        }

        public io.lettuce.core.RedisFuture<Long> delUser(String name) {
            return call(() -> async.aclDeluser(name));
        }

        public io.lettuce.core.RedisFuture<List<String>> aclList() {
            return call(() -> async.aclList());
        }

        public <T> T await(io.lettuce.core.RedisFuture<T> reply) {
            return call(() -> io.lettuce.core.LettuceFutures.awaitOrCancel(reply,
                    connection.getTimeout().toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS));
        }

        public ReadBack readBack(io.lettuce.core.RedisFuture<List<Object>> reply) {
            return NodeSession.readBack(await(reply));
        }
    }

    private static ReadBack readBack(List<Object> reply) {
        if (reply == null || reply.isEmpty()) {
            return null;
        }
        List<String> flags = new ArrayList<>();
        List<String> passwords = new ArrayList<>();
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            String key = String.valueOf(reply.get(i));
            if (reply.get(i + 1) instanceof List<?> values) {
                List<String> target = key.equals("flags") ? flags : key.equals("passwords") ? passwords : null;
                if (target != null) {
                    values.forEach(v -> target.add(String.valueOf(v)));
                }
            }
        }
        return new ReadBack(flags, passwords);
    }

    /** {@code CONFIG GET name...}: the node's values by name; a name it does not know is absent. */
    public java.util.Map<String, String> configGet(java.util.Collection<String> names) {
        return call(() -> sync.configGet(names.toArray(String[]::new)));
    }

    /** {@code CONFIG SET name value} (ParameterApplier). */
    public void configSet(String name, String value) {
        call(() -> sync.configSet(name, value));
    }

    public long killClientsOf(String userName) {
        return call(() -> sync.clientKill(KillArgs.Builder.user(userName)));
    }

    public String info(String section) {
        return call(() -> sync.info(section));
    }

    /** {@code REPLICAOF host port}: the node copies from that primary (a failover's other replicas). */
    public void replicaOf(String host, int port) {
        call(() -> sync.replicaof(host, port));
    }

    /** {@code REPLICAOF NO ONE}: the node becomes a primary and accepts writes (a failover's promotion). */
    public void promote() {
        call(sync::replicaofNoOne);
    }

    /** {@code CLIENT PAUSE millis WRITE}: writes wait while a planned failover lets a replica catch up. */
    public void pauseWrites(long millis) {
        call(() -> sync.dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add("PAUSE").add(millis).add("WRITE")));
    }

    /** Any other command, through Lettuce's typed API (cluster formation and resharding); failures as {@link NodeUnavailableException}. */
    public <T> T command(java.util.function.Function<RedisCommands<String, String>, T> command) {
        return call(() -> command.apply(sync));
    }

    /** Commands sent without waiting (resharding pipelines SETSLOT over thousands of slots); the caller awaits. */
    public io.lettuce.core.api.async.RedisAsyncCommands<String, String> async() {
        return connection.async();
    }

    /**
     * Sends what {@code sends} queues on {@link #async} in one write: the node then reads many commands
     * per event-loop turn, and writes its nodes.conf (with an fsync) once per turn rather than once per
     * CLUSTER SETSLOT.
     */
    public <T> T batch(java.util.function.Supplier<T> sends) {
        connection.setAutoFlushCommands(false);
        try {
            return sends.get();
        } finally {
            // Auto-flush back on first: a command another thread writes between the two calls is then
            // sent at once, not left in the buffer until its timeout.
            connection.setAutoFlushCommands(true);
            connection.flushCommands();
        }
    }

    /** A command Lettuce's typed API cannot express, answered with a status or bulk string. */
    public String raw(CommandType type, Object... args) {
        CommandArgs<String, String> a = new CommandArgs<>(StringCodec.UTF8);
        for (Object arg : args) {
            if (arg instanceof Number n) {
                a.add(n.longValue());
            } else {
                a.add(String.valueOf(arg));
            }
        }
        return call(() -> sync.dispatch(type, new StatusOutput<>(StringCodec.UTF8), a));
    }

    private <T> T call(java.util.function.Supplier<T> command) {
        try {
            return command.get();
        } catch (RuntimeException e) {
            throw new NodeUnavailableException(node, e);
        }
    }

    boolean isOpen() {
        return connection.isOpen();
    }

    @Override
    public void close() {
        connection.close();
    }

    /** What {@code ACL GETUSER} says about a user's switch and passwords. */
    public record ReadBack(List<String> flags, List<String> passwordHashes) {
        public boolean enabled() {
            return flags.contains("on");
        }

        public boolean noPassword() {
            return flags.contains("nopass");
        }
    }
}
