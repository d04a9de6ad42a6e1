package dev.cachewarden.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A deliberately small HTTP/1.1 client over one keep-alive socket: it sends exactly the bytes a test
 * builds (any header, any framing, any garbage), which no JDK or SDK client would.
 */
final class RawHttp implements AutoCloseable {
    record Answer(int status, Map<String, String> headers, String body) {}

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    RawHttp(String host, int port) {
        this.host = host;
        this.port = port;
    }

    static byte[] request(String method, String target, Map<String, List<String>> headers, byte[] body,
            int port) {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        boolean host = false;
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            host |= h.getKey().equalsIgnoreCase("host");
            if (h.getKey().equalsIgnoreCase("content-length")) {
                continue;
            }
            for (String v : h.getValue()) {
                sb.append(h.getKey()).append(": ").append(v).append("\r\n");
            }
        }
        if (!host) {
            sb.append("Host: 127.0.0.1:").append(port).append("\r\n");
        }
        sb.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(body);
        return bytes.toByteArray();
    }

    Answer send(SdkSigner.Signed s) throws IOException {
        return exchange(request(s.method(), s.pathAndQuery(), s.headers(), s.body(), port));
    }

    /** Sends raw bytes and reads one answer; reconnects when the server closed the last connection. */
    Answer exchange(byte[] raw) throws IOException {
        if (socket == null || socket.isClosed()) {
            socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(20_000);
            socket.setTcpNoDelay(true);
            in = new java.io.BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = socket.getOutputStream();
        }
        try {
            out.write(raw);
            out.flush();
        } catch (IOException writeFailed) {
            // A server may answer early (413 for a declared oversized body) and close while the body is
            // still being written; the answer then already waits in our receive buffer.
            try {
                return read();
            } catch (IOException | RuntimeException noAnswer) {
                close();
                throw writeFailed;
            }
        }
        try {
            return read();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private Answer read() throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            close();
            throw new IOException("connection closed before an answer");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(); l != null && !l.isEmpty(); l = line()) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).strip().toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
        }
        byte[] body;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line().strip(), 16); size > 0; size = Integer.parseInt(line().strip(), 16)) {
                b.writeBytes(in.readNBytes(size));
                line();
            }
            line();
            body = b.toByteArray();
        } else {
            body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        }
        if ("close".equalsIgnoreCase(headers.get("connection"))) {
            close();
        }
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        socket = null;
    }
}
