package dev.cachewarden.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A minimal RESP2 client for reading a node's ACL in the propagation section: TLS trusting
 * cachewarden's CA, one command at a time (or {@link #send} to several nodes, then {@link #receive}
 * from each: one round trip for all of them). Replies: String (simple/bulk), Long, List, null;
 * an error reply throws.
 */
final class RespClient implements AutoCloseable {
    private final java.io.Closeable socket;
    private final InputStream in;
    private final OutputStream out;

    private RespClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(5_000);
        socket.setTcpNoDelay(true);
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    private RespClient(java.nio.channels.SocketChannel channel) {
        this.socket = channel;
        this.in = new BufferedInputStream(java.nio.channels.Channels.newInputStream(channel));
        this.out = java.nio.channels.Channels.newOutputStream(channel);
    }

    /**
     * A node's own unix socket (the one the front forwards to), bypassing cachewarden: reading a node
     * this way costs the server nothing (the propagation section's polls).
     */
    static RespClient connectUnix(Path socket) throws IOException {
        java.nio.channels.SocketChannel channel = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX);
        channel.connect(java.net.UnixDomainSocketAddress.of(socket));
        return new RespClient(channel);
    }

    /** @param caCertificate the PEM of the CA the node's certificate chains to; null for plain TCP */
    static RespClient connect(int port, Path caCertificate) throws IOException {
        return connect("127.0.0.1", port, caCertificate);
    }

    /** @param host the node's address as DescribeReplicationGroups gives it (a group made with Port has its own) */
    static RespClient connect(String host, int port, Path caCertificate) throws IOException {
        if (caCertificate == null) {
            return new RespClient(new Socket(host, port));
        }
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            try (InputStream pem = Files.newInputStream(caCertificate)) {
                trust.setCertificateEntry("cachewarden-ca", CertificateFactory.getInstance("X.509")
                        .generateCertificate(pem));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(host, port);
            s.startHandshake();
            return new RespClient(s);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("TLS to node " + port + ": " + e.getMessage(), e);
        }
    }

    Object call(String... args) throws IOException {
        send(args);
        return receive();
    }

    /** Sends a command without waiting for its reply; {@link #receive} takes the replies in order. */
    void send(String... args) throws IOException {
        ByteArrayOutputStream cmd = new ByteArrayOutputStream();
        cmd.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String a : args) {
            byte[] b = a.getBytes(StandardCharsets.UTF_8);
            cmd.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            cmd.writeBytes(b);
            cmd.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write(cmd.toByteArray());
        out.flush();
    }

    /** The reply to the oldest command sent and not yet received. */
    Object receive() throws IOException {
        return read();
    }

    private Object read() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("node closed the connection");
        }
        String line = line();
        return switch (type) {
            case '+' -> line;
            case '-' -> throw new IOException("node error: " + line);
            case ':' -> Long.parseLong(line);
            case '$' -> {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    yield null;
                }
                byte[] b = in.readNBytes(n + 2);
                yield new String(b, 0, n, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    yield null;
                }
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(read());
                }
                yield items;
            }
            default -> throw new IOException("unexpected RESP type " + (char) type);
        };
    }

    private String line() throws IOException {
        StringBuilder s = new StringBuilder();
        for (int c = in.read(); c != '\r'; c = in.read()) {
            if (c < 0) {
                throw new EOFException();
            }
            s.append((char) c);
        }
        in.read(); // '\n'
        return s.toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
