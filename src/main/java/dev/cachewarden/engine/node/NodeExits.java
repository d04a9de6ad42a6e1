package dev.cachewarden.engine.node;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears a node's exit the moment it happens, without looking: one idle connection to each node's unix
 * socket, all on one selector. A process that exits has its sockets closed by the kernel before it
 * becomes a zombie, so the connection reads end-of-file at once, however the node died ({@code kill -9}
 * included) and whoever started it (nodes run detached, so {@link Process#onExit} never sees them).
 * An end-of-file only says "look now": the node may also have closed the connection itself (CLIENT
 * KILL), which {@code closed}'s receiver tells apart by the process's state. Looking at 200 nodes' /proc
 * state five times a second instead was a twelfth of an idle server's samples (docs/bench.md).
 * <p>
 * The connection authenticates as the admin user, so that no change to an RBAC user (whose connections
 * the ACL applier closes) touches it, and names itself for CLIENT LIST.
 */
final class NodeExits implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeExits.class);

    private final Selector selector;
    private final Consumer<String> closed;
    private final byte[] hello;
    private final Map<String, SocketChannel> channels = new ConcurrentHashMap<>();
    private final Queue<Runnable> changes = new ConcurrentLinkedQueue<>();
    private final ByteBuffer scratch = ByteBuffer.allocate(4096);
    private final Thread thread;
    private volatile boolean open = true;

    /** @param closed told the cache cluster id of a node whose connection ended (it may have exited) */
    NodeExits(AdminCredentials admin, Consumer<String> closed) {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot open a selector", e);
        }
        this.closed = closed;
        this.hello = commands(admin);
        this.thread = Thread.ofPlatform().name("node-exits").daemon().start(this::run);
    }

    /**
     * Watches the node now listening on {@code socket} (replacing any earlier connection to it). False
     * if it cannot be reached: the caller then looks at it by other means.
     */
    boolean watch(String cacheClusterId, Path socket) {
        unwatch(cacheClusterId);
        SocketChannel channel;
        try {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.wrap(hello);
            while (out.hasRemaining()) {
                channel.write(out); // a few dozen bytes into an empty socket buffer: never blocks for long
            }
            channel.configureBlocking(false);
        } catch (IOException | RuntimeException e) {
            log.debug("cannot watch node {} on {}: {}", cacheClusterId, socket, e.toString());
            return false;
        }
        channels.put(cacheClusterId, channel);
        changes.add(() -> {
            if (channels.get(cacheClusterId) != channel) {
                return; // replaced or unwatched meanwhile
            }
            try {
                channel.register(selector, SelectionKey.OP_READ, cacheClusterId);
            } catch (IOException | RuntimeException e) {
                channels.remove(cacheClusterId, channel);
                close(channel);
                closed.accept(cacheClusterId);
            }
        });
        selector.wakeup();
        return true;
    }

    /** Stops watching the node (it is being stopped or forgotten): its end-of-file means nothing then. */
    void unwatch(String cacheClusterId) {
        SocketChannel channel = channels.remove(cacheClusterId);
        if (channel != null) {
            close(channel); // closing also cancels its key
            selector.wakeup();
        }
    }

    boolean watching(String cacheClusterId) {
        return channels.containsKey(cacheClusterId);
    }

    private void run() {
        while (open) {
            try {
                selector.select();
                for (Runnable change; (change = changes.poll()) != null; ) {
                    change.run();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    readOrEnd(key);
                }
                selector.selectedKeys().clear();
            } catch (ClosedSelectorException e) {
                return;
            } catch (IOException | RuntimeException e) {
                log.warn("node exit watch failed; continuing: {}", e.toString());
            }
        }
    }

    /** Replies to the greeting are read and dropped; end-of-file (or a reset) ends the watch and is told. */
    private void readOrEnd(SelectionKey key) {
        SocketChannel channel = (SocketChannel) key.channel();
        String id = (String) key.attachment();
        int read;
        try {
            do {
                scratch.clear();
                read = channel.read(scratch);
            } while (read > 0);
        } catch (IOException e) {
            read = -1;
        }
        if (read < 0) {
            key.cancel();
            close(channel);
            if (channels.remove(id, channel)) {
                closed.accept(id);
            }
        }
    }

    private static byte[] commands(AdminCredentials admin) {
        StringBuilder b = new StringBuilder();
        for (String[] command : new String[][] {{"AUTH", AdminCredentials.USER_NAME, admin.password()},
                {"CLIENT", "SETNAME", "cachewarden-exit-watch"}}) {
            b.append('*').append(command.length).append("\r\n");
            for (String arg : command) {
                byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
                b.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
            }
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void close(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        open = false;
        channels.values().forEach(NodeExits::close);
        channels.clear();
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        thread.interrupt();
    }
}
