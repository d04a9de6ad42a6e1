package dev.cachewarden.engine.node;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Asks a node who it is, as cachewarden's admin user over the node's private unix socket: the answer
 * (its own process id, run id and configuration file) is what tells one of our nodes from whatever
 * process now holds a PID read from a file. A few bytes of RESP by hand, with a deadline, so that a
 * stopped or hung process never blocks a start; adoption sets the node's AOF policy the same way
 * ({@link AdoptedDurability}).
 */
final class NodeProbe {
    private static final long TIMEOUT_MILLIS = 1_000;

    /** What a node says of itself in {@code INFO server} and {@code INFO persistence}. */
    record ServerInfo(long processId, String runId, Path configFile, boolean loading) {}

    private NodeProbe() {}

    /** The node's answer, or empty when nothing answers on the socket, or not as our node would. */
    static Optional<ServerInfo> ask(Path socket, AdminCredentials admin) {
        return exchange(socket, admin, List.of(List.of("INFO", "server"), List.of("INFO", "persistence")))
                .flatMap(r -> r.get(0) instanceof String server && r.get(1) instanceof String persistence
                        ? parse(server + "\n" + persistence) : Optional.empty());
    }

    /**
     * Sends AUTH as the admin user, then {@code commands}, in one write; returns their replies (a
     * simple string or error as its line, "+OK" or "-ERR ...", a bulk string as its text, null for a nil,
     * an array as a List), or empty when the node does not answer in time or refuses the AUTH.
     */
    static Optional<List<Object>> exchange(Path socket, AdminCredentials admin, List<List<String>> commands) {
        if (!socket.toFile().exists()) {
            return Optional.empty();
        }
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
             Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
            List<List<String>> all = new ArrayList<>();
            all.add(List.of("AUTH", AdminCredentials.USER_NAME, admin.password()));
            all.addAll(commands);
            ByteBuffer out = ByteBuffer.wrap(encode(all));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            List<Object> replies = read(channel, selector, deadline, all.size());
            if (replies == null || !"+OK".equals(replies.get(0))) {
                return Optional.empty();
            }
            return Optional.of(replies.subList(1, replies.size()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static byte[] encode(List<List<String>> commands) {
        StringBuilder b = new StringBuilder();
        for (List<String> command : commands) {
            b.append('*').append(command.size()).append("\r\n");
            for (String arg : command) {
                byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
                b.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
            }
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads {@code count} replies; null on timeout. */
    private static List<Object> read(SocketChannel channel, Selector selector, long deadline, int count)
            throws IOException {
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        while (true) {
            List<Object> replies = complete(StandardCharsets.UTF_8.decode(in.duplicate().flip()).toString(), count);
            if (replies != null) {
                return replies;
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0 || !in.hasRemaining()) {
                return null;
            }
            selector.select(left);
            selector.selectedKeys().clear();
            if (channel.read(in) < 0) {
                return null;
            }
        }
    }

    /** The first {@code count} replies in {@code text}, or null while they are not all there. */
    static List<Object> complete(String text, int count) {
        Replies in = new Replies(text);
        List<Object> replies = new ArrayList<>();
        while (replies.size() < count) {
            Object reply = in.next();
            if (reply == Replies.INCOMPLETE) {
                return null;
            }
            replies.add(reply);
        }
        return replies;
    }

    /**
     * RESP replies read from the start of a text: a simple string or error as its line, a bulk string as
     * its text, a nil as null, an array as a List. Only ASCII is asked for (INFO, CONFIG), so characters
     * and bytes agree.
     */
    private static final class Replies {
        static final Object INCOMPLETE = new Object();
        private final String text;
        private int at;

        Replies(String text) {
            this.text = text;
        }

        /** The next reply, or {@link #INCOMPLETE} when the text ends before it does. */
        Object next() {
            int eol = text.indexOf("\r\n", at);
            if (eol < 0) {
                return INCOMPLETE;
            }
            String line = text.substring(at, eol);
            at = eol + 2;
            if (line.startsWith("$")) {
                int length = Integer.parseInt(line.substring(1));
                if (length < 0) {
                    return null;
                }
                if (text.length() < at + length + 2) {
                    return INCOMPLETE;
                }
                String bulk = text.substring(at, at + length);
                at += length + 2;
                return bulk;
            }
            if (line.startsWith("*")) {
                int n = Integer.parseInt(line.substring(1));
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    Object item = next();
                    if (item == INCOMPLETE) {
                        return INCOMPLETE;
                    }
                    items.add(item);
                }
                return items;
            }
            return line;
        }
    }

    static Optional<ServerInfo> parse(String info) {
        Long pid = null;
        String runId = null;
        String config = null;
        boolean loading = false;
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon);
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "process_id" -> pid = Long.parseLong(value);
                case "run_id" -> runId = value;
                case "config_file" -> config = value;
                case "loading", "async_loading" -> loading |= value.equals("1");
                default -> { }
            }
        }
        if (pid == null || runId == null || config == null || config.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ServerInfo(pid, runId, Path.of(config), loading));
    }
}
