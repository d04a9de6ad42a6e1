package dev.cachewarden.front;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Commands straight to a test node's unix socket as its {@code admin} user, around the front. */
final class NodeAdmin {
    static final String PASSWORD = "admin-password-0001";

    private NodeAdmin() {}

    /** One command; its reply's text (a bulk string's content, else the reply line). */
    static String command(Path socket, String... args) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            OutputStream out = Channels.newOutputStream(ch);
            InputStream in = Channels.newInputStream(ch);
            out.write(resp("AUTH", "admin", PASSWORD));
            out.write(resp(args));
            if (!line(in).equals("+OK")) {
                throw new IOException("the admin could not authenticate");
            }
            String h = line(in);
            if (!h.startsWith("$")) {
                return h;
            }
            return new String(in.readNBytes(Integer.parseInt(h.substring(1))), StandardCharsets.UTF_8);
        }
    }

    private static byte[] resp(String... args) {
        StringBuilder cmd = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            cmd.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        }
        return cmd.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("the node closed the connection");
            }
            line.append((char) c);
        }
        return line.toString().strip();
    }
}
