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
 * stopped or hung process never blocks a start.
 */
final class NodeProbe {
    private static final long TIMEOUT_MILLIS = 1_000;

    /** What a node says of itself in {@code INFO server} and {@code INFO persistence}. */
    record ServerInfo(long processId, String runId, Path configFile, boolean loading) {}

    private NodeProbe() {}

    /** The node's answer, or empty when nothing answers on the socket, or not as our node would. */
    static Optional<ServerInfo> ask(Path socket, AdminCredentials admin) {
        if (!socket.toFile().exists()) {
            return Optional.empty();
        }
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
             Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
            ByteBuffer out = ByteBuffer.wrap(commands(admin));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            List<String> replies = read(channel, selector, deadline, 3);
            if (replies == null || !replies.get(0).equals("+OK")) {
                return Optional.empty();
            }
            return parse(replies.get(1) + "\n" + replies.get(2));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static byte[] commands(AdminCredentials admin) {
        StringBuilder b = new StringBuilder();
        for (String[] command : new String[][] {{"AUTH", AdminCredentials.USER_NAME, admin.password()},
                {"INFO", "server"}, {"INFO", "persistence"}}) {
            b.append('*').append(command.length).append("\r\n");
            for (String arg : command) {
                byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
                b.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
            }
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads {@code count} replies (simple strings and errors as such, bulk strings as their text); null on timeout. */
    private static List<String> read(SocketChannel channel, Selector selector, long deadline, int count)
            throws IOException {
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        while (true) {
            List<String> replies = complete(in.duplicate().flip(), count);
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

    private static List<String> complete(ByteBuffer data, int count) {
        String text = StandardCharsets.UTF_8.decode(data).toString();
        List<String> replies = new ArrayList<>();
        int at = 0;
        while (replies.size() < count) {
            int eol = text.indexOf("\r\n", at);
            if (eol < 0) {
                return null;
            }
            String line = text.substring(at, eol);
            if (line.startsWith("$")) {
                int length = Integer.parseInt(line.substring(1));
                int start = eol + 2;
                // INFO is ASCII, so characters and bytes agree here.
                if (length < 0 || text.length() < start + length + 2) {
                    return length < 0 ? List.of("-nil") : null;
                }
                replies.add(text.substring(start, start + length));
                at = start + length + 2;
            } else {
                replies.add(line);
                at = eol + 2;
            }
        }
        return replies;
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
