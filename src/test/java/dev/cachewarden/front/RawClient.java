package dev.cachewarden.front;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** A client that writes exactly the bytes a test gives it to the front and reads raw RESP lines back. */
public final class RawClient implements AutoCloseable {
    final Socket socket;
    final OutputStream out;
    final InputStream in;

    public RawClient(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    /** TLS to 127.0.0.1:port, verifying the certificate and its name against {@code ca}. */
    public static RawClient tls(int port, Path ca) throws Exception {
        SSLSocket s = (SSLSocket) context(ca).getSocketFactory().createSocket("127.0.0.1", port);
        SSLParameters p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        s.setSSLParameters(p);
        s.startHandshake();
        return new RawClient(s);
    }

    static SSLContext context(Path ca) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (FileInputStream f = new FileInputStream(ca.toFile())) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(f));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }

    public void send(String s) throws IOException {
        send(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** A command as multi-bulk. */
    public void command(String... args) throws IOException {
        StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            b.append('$').append(a.getBytes(StandardCharsets.ISO_8859_1).length).append("\r\n").append(a).append("\r\n");
        }
        send(b.toString());
    }

    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("closed");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** The lines of {@code replies} replies of simple types, bulk strings and flat arrays. */
    public List<String> read(int replies) throws IOException {
        List<String> lines = new ArrayList<>();
        int left = replies;
        while (left-- > 0) {
            String line = readLine();
            lines.add(line);
            if (line.startsWith("$") && !line.equals("$-1")) {
                lines.add(readLine());
            } else if (line.startsWith("*")) {
                left += Integer.parseInt(line.substring(1));
            }
        }
        return lines;
    }

    /**
     * One whole reply, nested arrays included, as text to compare exactly: {@code +OK}, {@code -ERR …},
     * {@code :1}, a bulk string in double quotes, {@code nil} for a null bulk or array (RESP2's {@code $-1}
     * and {@code *-1}: a missing key, a BLPOP that timed out), {@code [a, b]} for an array. {@link #read}
     * counts lines and cannot take a {@code *-1}.
     */
    public String readReply() throws IOException {
        String line = readLine();
        if (line.isEmpty()) {
            throw new IOException("an empty reply line");
        }
        char type = line.charAt(0);
        if (type != '$' && type != '*') {
            return line;
        }
        int n = Integer.parseInt(line.substring(1));
        if (n < 0) {
            return "nil";
        }
        if (type == '$') {
            byte[] body = in.readNBytes(n);
            if (body.length < n || !readLine().isEmpty()) {
                throw new IOException("closed in the middle of a bulk string");
            }
            return '"' + new String(body, StandardCharsets.ISO_8859_1) + '"';
        }
        StringBuilder array = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            array.append(i == 0 ? "" : ", ").append(readReply());
        }
        return array.append(']').toString();
    }

    /** The lines that came before the front closed the connection; fails if it stays open that long. */
    public List<String> readUntilClosed(Duration within) throws IOException {
        socket.setSoTimeout((int) within.toMillis());
        List<String> lines = new ArrayList<>();
        while (true) {
            try {
                lines.add(readLine());
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the front did not close the connection within " + within + "; read " + lines);
            } catch (IOException closed) {
                return lines;
            }
        }
    }

    /** Whether the connection is still open after waiting {@code d} for anything to arrive. */
    public boolean openAfter(Duration d) throws IOException {
        socket.setSoTimeout((int) d.toMillis());
        try {
            return in.read() >= 0;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            socket.setSoTimeout(10_000);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
