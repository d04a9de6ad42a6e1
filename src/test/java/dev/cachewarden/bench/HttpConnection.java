package dev.cachewarden.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One keep-alive HTTP/1.1 connection on loopback, blocking, for one load-generator worker. It
 * reconnects when the server closes (moto's HTTP/1.0 server does after every answer) and reads
 * Content-Length, chunked and read-to-close bodies.
 */
final class HttpConnection implements AutoCloseable {
    private static final int TIMEOUT_MILLIS = 30_000;

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private byte[] buf = new byte[16 * 1024];
    private int pos;
    private int limit;
    private int connects;

    HttpConnection(String host, int port) {
        this.host = host;
        this.port = port;
    }

    record Response(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The AWS error code of an error document, or "" for none. */
        String errorCode() {
            String t = text();
            int start = t.indexOf("<Code>");
            int end = start < 0 ? -1 : t.indexOf("</Code>", start);
            return end < 0 ? "" : t.substring(start + 6, end);
        }
    }

    /** How many TCP connections this client has opened. */
    int connects() {
        return connects;
    }

    /** Sends a request and reads its whole answer. */
    Response exchange(byte[] request) throws IOException {
        return exchange(request, false);
    }

    /**
     * As {@link #exchange(byte[])}, but a 200's body is skipped, not kept: the answer's body is empty.
     * The load generator's path, which judges a 200 by its status alone.
     */
    Response exchangeJudging(byte[] request) throws IOException {
        return exchange(request, true);
    }

    private Response exchange(byte[] request, boolean skipOkBody) throws IOException {
        boolean fresh = socket == null;
        if (fresh) {
            connect();
        }
        try {
            out.write(request);
            out.flush();
            return readResponse(skipOkBody);
        } catch (IOException e) {
            close();
            if (fresh) {
                throw e;
            }
            // A kept-alive connection the server had closed: once more on a new one.
            connect();
            out.write(request);
            out.flush();
            return readResponse(skipOkBody);
        }
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        pos = limit = 0;
        connects++;
    }

    private static final Response OK_EMPTY = new Response(200, new byte[0]);
    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] TRANSFER_ENCODING = "transfer-encoding:".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] CONNECTION = "connection:".getBytes(StandardCharsets.ISO_8859_1);

    /**
     * The load generator's path: the status line and Content-Length parsed from the bytes in place,
     * a 200's body skipped without copying it anywhere (its status is all a worker judges). Anything
     * else (HTTP/1.0, chunked, Connection: close, no length, an error's body) goes the full way.
     */
    private Response readResponse(boolean skipOkBody) throws IOException {
        if (!skipOkBody) {
            return readFull();
        }
        int headEnd;
        while ((headEnd = headEnd()) < 0) {
            if (!fillKeeping()) {
                throw new EOFException("connection closed");
            }
        }
        if (limit - pos < 12 || buf[pos + 5] != '1' || buf[pos + 7] != '1') {
            return readFull();
        }
        int status = (buf[pos + 9] - '0') * 100 + (buf[pos + 10] - '0') * 10 + (buf[pos + 11] - '0');
        long length = -1;
        for (int i = pos; i < headEnd; i++) {
            if (buf[i] != '\n') {
                continue;
            }
            int name = i + 1;
            if (matches(name, CONTENT_LENGTH)) {
                length = 0;
                for (int j = name + CONTENT_LENGTH.length; buf[j] != '\r'; j++) {
                    if (buf[j] >= '0' && buf[j] <= '9') {
                        length = length * 10 + buf[j] - '0';
                    }
                }
            } else if (matches(name, TRANSFER_ENCODING) || matches(name, CONNECTION)) {
                return readFull(); // chunked, or maybe "close": the full parser decides
            }
        }
        if (length < 0 || status != 200) {
            return readFull();
        }
        pos = headEnd;
        skip(length);
        return OK_EMPTY;
    }

    private boolean matches(int at, byte[] lowerName) {
        if (at + lowerName.length > limit) {
            return false;
        }
        for (int k = 0; k < lowerName.length; k++) {
            if ((buf[at + k] | 0x20) != lowerName[k]) {
                return false;
            }
        }
        return true;
    }

    /** The offset just past the CRLFCRLF ending the head that starts at pos, or -1 if not all read yet. */
    private int headEnd() {
        for (int i = pos + 3; i < limit; i++) {
            if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            if (pos == limit && !fill()) {
                throw new EOFException("connection closed mid-body");
            }
            int k = (int) Math.min(n, limit - pos);
            pos += k;
            n -= k;
        }
    }

    private Response readFull() throws IOException {
        String statusLine = readLine();
        if (statusLine.isEmpty()) {
            throw new EOFException("empty status line");
        }
        boolean http10 = statusLine.startsWith("HTTP/1.0");
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = http10;
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = value.toLowerCase(java.util.Locale.ROOT).contains("chunked");
            } else if (name.equalsIgnoreCase("Connection")) {
                close = value.equalsIgnoreCase("close") || (http10 && !value.equalsIgnoreCase("keep-alive"));
            }
        }
        byte[] body;
        if (chunked) {
            body = readChunked();
        } else if (length >= 0) {
            body = readExactly((int) length);
        } else {
            body = readToEnd();
            close = true;
        }
        if (close) {
            close();
        }
        return new Response(status, body);
    }

    private byte[] readChunked() throws IOException {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine();
            int semi = sizeLine.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            body.writeBytes(readExactly(size));
            readLine();
        }
    }

    private byte[] readExactly(int n) throws IOException {
        byte[] out = new byte[n];
        int done = 0;
        while (done < n) {
            if (pos == limit && !fill()) {
                throw new EOFException("connection closed mid-body");
            }
            int k = Math.min(n - done, limit - pos);
            System.arraycopy(buf, pos, out, done, k);
            pos += k;
            done += k;
        }
        return out;
    }

    private byte[] readToEnd() throws IOException {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        while (pos < limit || fill()) {
            body.write(buf, pos, limit - pos);
            pos = limit;
        }
        return body.toByteArray();
    }

    /** One CRLF-terminated line, without the CRLF. */
    private String readLine() throws IOException {
        int start = pos;
        while (true) {
            for (int i = start; i < limit; i++) {
                if (buf[i] == '\n') {
                    int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                    String line = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
                    pos = i + 1;
                    return line;
                }
            }
            start = limit - pos;
            if (!fillKeeping()) {
                throw new EOFException("connection closed");
            }
            start += pos;
        }
    }

    /** Moves unread bytes to the front, grows if full, reads more; false at end of stream. */
    private boolean fillKeeping() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            return false;
        }
        limit += n;
        return true;
    }

    private boolean fill() throws IOException {
        pos = limit = 0;
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
            return false;
        }
        limit = n;
        return true;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        socket = null;
        in = null;
        out = null;
        pos = limit = 0;
    }
}
