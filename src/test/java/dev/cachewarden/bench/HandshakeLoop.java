package dev.cachewarden.bench;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * A closed loop of new connections: each worker opens a TCP connection, completes the TLS handshake
 * (trusting cachewarden's CA, verifying the certificate), sends {@code AUTH user password}, reads
 * {@code +OK}, closes, and starts again. Only {@code +OK}s count; other replies are counted apart.
 *
 * <p>The client's TLS is BoringSSL (netty-tcnative, as the front's) where it loads, driven as an
 * {@link SSLEngine} over a blocking socket: the JDK's provider cost the client ~2–4 CPU ms per full
 * handshake, more than the front, on the same two cores, so it measured itself. {@code resume} false
 * creates every connection's engine without a peer, so nothing can be resumed: a full handshake each
 * time, as a new client process (redis-cli, a Lambda cold start) makes. {@code resume} true shares the
 * peer's session cache, which resumes TLS 1.3 sessions with the tickets the server sent, as a
 * long-lived client reconnecting does; {@link Result#resumed} counts how many were. Without BoringSSL
 * it falls back to the JDK: a fresh {@link SSLContext} per connection, or one shared.
 */
final class HandshakeLoop {
    /** @param serverCpuSeconds CPU the server processes used in the measured window */
    record Result(String user, boolean resume, int workers, long ok, Map<String, Long> others, double seconds,
                  long[] sortedNanos, double serverCpuSeconds, double clientCpuSeconds, long resumed) {
        double p50() {
            return percentile(sortedNanos, 0.50);
        }

        double p99() {
            return percentile(sortedNanos, 0.99);
        }

        /** Two runs of the same loop as one: counts, times and latencies added up. */
        Result plus(Result o) {
            Map<String, Long> all = new TreeMap<>(others);
            o.others.forEach((k, v) -> all.merge(k, v, Long::sum));
            long[] merged = Arrays.copyOf(sortedNanos, sortedNanos.length + o.sortedNanos.length);
            System.arraycopy(o.sortedNanos, 0, merged, sortedNanos.length, o.sortedNanos.length);
            Arrays.sort(merged);
            return new Result(user, resume, workers, ok + o.ok, all, seconds + o.seconds, merged,
                    serverCpuSeconds + o.serverCpuSeconds, clientCpuSeconds + o.clientCpuSeconds, resumed + o.resumed);
        }

        double perSecond() {
            return ok / seconds;
        }

        /** Server CPU per accepted handshake: a figure the machine's other load does not change much. */
        double serverCpuMillisEach() {
            return ok == 0 ? Double.NaN : serverCpuSeconds * 1000 / ok;
        }

        /** This JVM's CPU per accepted handshake: the client's share of the two cores. */
        double clientCpuMillisEach() {
            return ok == 0 ? Double.NaN : clientCpuSeconds * 1000 / ok;
        }
    }

    private final int port;
    private final TrustManager[] trust;
    /** Each worker's connection in progress, so a hung one can be closed when the loop stops (reads have no timeout). */
    private java.util.concurrent.atomic.AtomicReferenceArray<Socket> open =
            new java.util.concurrent.atomic.AtomicReferenceArray<>(0);
    private final SecureRandom random = new SecureRandom();
    /**
     * BoringSSL's client contexts (null: the JDK's), verifying the server against the CA: one for full
     * handshakes, whose session cache is off (a new process keeps no session), one that resumes.
     */
    private final SslContext openSsl;
    private final SslContext openSslResuming;
    /**
     * The key exchange groups redis-cli's OpenSSL 3.0 offers, X25519 first (its only key share). Netty's
     * BoringSSL default puts X25519MLKEM768 first, and BoringSSL then also sends an ML-KEM-768 key it
     * generates for every connection: 21% of the loop's CPU went to building the ClientHello (async-profiler),
     * for a share the front, which prefers X25519 as the node does, never picks.
     */
    static final String[] GROUPS = {"x25519", "secp256r1", "secp384r1", "secp521r1"};

    HandshakeLoop(int port, Path caCertificate) throws IOException {
        this.port = port;
        java.security.cert.X509Certificate ca;
        try (InputStream pem = Files.newInputStream(caCertificate)) {
            ca = (java.security.cert.X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(pem);
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("cachewarden-ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            this.trust = tmf.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read " + caCertificate, e);
        }
        // Netty's own debug lines would go to the bench's output through the jar's logback: JUL keeps them quiet.
        io.netty.util.internal.logging.InternalLoggerFactory.setDefaultFactory(
                io.netty.util.internal.logging.JdkLoggerFactory.INSTANCE);
        this.openSsl = OpenSsl.isAvailable() ? openSslContext(ca, false) : null;
        this.openSslResuming = OpenSsl.isAvailable() ? openSslContext(ca, true) : null;
    }

    private static SslContext openSslContext(java.security.cert.X509Certificate ca, boolean resuming)
            throws SSLException {
        SslContext context = SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL)
                // The certificate is verified against the CA, the name not (as the JDK's SSLSocket did): a
                // connection without a peer host, which nothing can resume, has no name to check.
                .trustManager(new CaTrustManager(ca))
                .option(io.netty.handler.ssl.OpenSslContextOption.GROUPS, GROUPS)
                .endpointIdentificationAlgorithm(null).build();
        if (!resuming) {
            // The server's tickets are still received and parsed; only not kept (a call into Java and a
            // session object per ticket, two per connection).
            ((io.netty.handler.ssl.OpenSslSessionContext) context.sessionContext()).setSessionCacheEnabled(false);
        }
        return context;
    }

    /** Which TLS the client runs, for the report. */
    String clientTls() {
        return openSsl != null ? "BoringSSL" : "JDK";
    }

    /**
     * @param password called once per connection (an IAM client signs a fresh token for each)
     */
    Result run(String user, Supplier<String> password, boolean resume, int workers, Duration warmup,
               Duration measure, java.util.function.DoubleSupplier serverCpuSeconds) throws InterruptedException {
        SSLContext shared = resume ? context() : null;
        open = new java.util.concurrent.atomic.AtomicReferenceArray<>(workers);
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<long[]> latencies = new ArrayList<>();
        List<Map<String, Long>> others = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        int[] counts = new int[workers];
        java.util.concurrent.atomic.AtomicLong resumedCount = new java.util.concurrent.atomic.AtomicLong();
        for (int w = 0; w < workers; w++) {
            long[] mine = new long[1 << 18];
            Map<String, Long> otherAnswers = new TreeMap<>();
            latencies.add(mine);
            others.add(otherAnswers);
            int index = w;
            threads.add(Thread.ofPlatform().name("handshake-" + w).start(() -> {
                int n = 0;
                while (!stop.get()) {
                    long start = System.nanoTime();
                    String outcome = openSsl != null ? onceOpenSsl(index, resume, user, password.get())
                            : once(resume ? shared : context(), user, password.get());
                    long took = System.nanoTime() - start;
                    if (!measuring.get()) {
                        continue;
                    }
                    if (outcome.endsWith(RESUMED)) {
                        resumedCount.incrementAndGet();
                        outcome = outcome.substring(0, outcome.length() - RESUMED.length());
                    }
                    if (outcome.equals("+OK") && n < mine.length) {
                        mine[n++] = took;
                    } else if (!outcome.equals("+OK")) {
                        otherAnswers.merge(outcome, 1L, Long::sum);
                    }
                }
                counts[index] = n;
            }));
        }
        Thread.sleep(warmup.toMillis());
        double cpuBefore = serverCpuSeconds.getAsDouble();
        double clientBefore = FrontSection.cpuSeconds(ProcessHandle.current().pid());
        measuring.set(true);
        long started = System.nanoTime();
        Thread.sleep(measure.toMillis());
        measuring.set(false);
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpu = serverCpuSeconds.getAsDouble() - cpuBefore;
        double clientCpu = FrontSection.cpuSeconds(ProcessHandle.current().pid()) - clientBefore;
        stop.set(true);
        for (int w = 0; w < workers; w++) {
            threads.get(w).join(15_000);
            Socket hung = open.get(w);
            if (hung != null && threads.get(w).isAlive()) {
                try {
                    hung.close(); // its read fails, and the worker sees stop
                } catch (IOException ignored) {
                    // closing is all that was asked
                }
            }
            threads.get(w).join();
        }
        long total = Arrays.stream(counts).sum();
        long[] all = new long[(int) total];
        int at = 0;
        Map<String, Long> otherTotal = new TreeMap<>();
        for (int w = 0; w < workers; w++) {
            System.arraycopy(latencies.get(w), 0, all, at, counts[w]);
            at += counts[w];
            others.get(w).forEach((k, v) -> otherTotal.merge(k, v, Long::sum));
        }
        Arrays.sort(all);
        return new Result(user, resume, workers, total, otherTotal, seconds, all, cpu, clientCpu, resumedCount.get());
    }

    private SSLContext context() {
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust, random);
            return tls;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One connection: handshake, AUTH, the reply's first line ("+OK", "-WRONGPASS…") or the failure. */
    private String once(SSLContext tls, String user, String password) {
        try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(10_000);
            s.startHandshake();
            OutputStream out = s.getOutputStream();
            out.write(auth(user, password));
            out.flush();
            return firstLine(s.getInputStream());
        } catch (IOException e) {
            return e.getClass().getSimpleName();
        }
    }

    /**
     * {@code AUTH user password} as clients send it (redis-cli, Lettuce, redis-py: a RESP array of bulk
     * strings), not the inline form, which the front must first split and re-encode.
     */
    static byte[] auth(String user, String password) {
        StringBuilder sb = new StringBuilder("*3\r\n$4\r\nAUTH\r\n");
        for (String arg : new String[] {user, password}) {
            sb.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static final String RESUMED = " (resumed)";

    /**
     * One connection with BoringSSL: handshake, AUTH, the reply's first line (" (resumed)" appended
     * when the session was resumed), or the failure.
     */
    private String onceOpenSsl(int worker, boolean resume, String user, String password) {
        SSLEngine engine = resume ? openSslResuming.newEngine(ByteBufAllocator.DEFAULT, "127.0.0.1", port)
                : openSsl.newEngine(ByteBufAllocator.DEFAULT);
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            // No read timeout: with one, every read was a non-blocking read, a poll and a read again
            // (10% of the client's CPU); run() closes a socket that hangs when the loop stops.
            open.set(worker, s);
            s.connect(new InetSocketAddress("127.0.0.1", port));
            TlsPipe pipe = new TlsPipe(engine, s.getInputStream(), s.getOutputStream());
            pipe.handshake();
            pipe.write(auth(user, password));
            String line = pipe.readLine();
            boolean reused = engine instanceof ReferenceCountedOpenSslEngine e
                    && io.netty.internal.tcnative.SSL.isSessionReused(e.sslPointer());
            return (line.startsWith("-") ? line.split(" ", 2)[0] : line) + (reused ? RESUMED : "");
        } catch (IOException e) {
            return e.getClass().getSimpleName();
        } finally {
            open.set(worker, null);
            if (engine instanceof ReferenceCountedOpenSslEngine e) {
                e.release();
            }
        }
    }

    /** An {@link SSLEngine} over a blocking socket's streams: just what one AUTH needs. */
    private static final class TlsPipe {
        private final SSLEngine engine;
        private final InputStream in;
        private final OutputStream out;
        /**
         * Each worker's three buffers, reused by its connections: 192 KB allocated per connection made
         * the client's JVM collect garbage on the cores the front is measured on.
         */
        private static final ThreadLocal<ByteBuffer[]> BUFFERS = ThreadLocal.withInitial(() -> new ByteBuffer[] {
            ByteBuffer.allocate(64 * 1024), ByteBuffer.allocate(64 * 1024), ByteBuffer.allocate(64 * 1024)});
        private final ByteBuffer netIn;
        private final ByteBuffer netOut;
        private final ByteBuffer appIn;
        private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

        TlsPipe(SSLEngine engine, InputStream in, OutputStream out) {
            this.engine = engine;
            this.in = in;
            this.out = out;
            ByteBuffer[] buffers = BUFFERS.get();
            netIn = buffers[0].clear();
            netOut = buffers[1].clear();
            appIn = buffers[2].clear();
            engine.setUseClientMode(true);
            netIn.flip(); // empty, ready to be read from
        }

        /**
         * Drives the handshake; what it wraps is sent before each read, and its last flight (the client's
         * Finished) is left for {@link #write} to send with the AUTH in one segment, as a TLS 1.3 client
         * may (the front then reads both at once instead of waking for each).
         */
        void handshake() throws IOException {
            engine.beginHandshake();
            while (true) {
                switch (engine.getHandshakeStatus()) {
                    case NEED_WRAP -> wrap(EMPTY);
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        send();
                        unwrap();
                    }
                    case NEED_TASK -> {
                        Runnable task;
                        while ((task = engine.getDelegatedTask()) != null) {
                            task.run();
                        }
                    }
                    default -> {
                        return;
                    }
                }
            }
        }

        /** Wraps {@code data} after what the handshake left unsent, and sends both. */
        void write(byte[] data) throws IOException {
            ByteBuffer src = ByteBuffer.wrap(data);
            while (src.hasRemaining()) {
                wrap(src);
            }
            send();
        }

        /** Reads until a line ends; what the server sends first (session tickets) is consumed on the way. */
        String readLine() throws IOException {
            while (true) {
                for (int i = 0; i < appIn.position(); i++) {
                    if (appIn.get(i) == '\n') {
                        int end = i > 0 && appIn.get(i - 1) == '\r' ? i - 1 : i;
                        return new String(appIn.array(), 0, Math.min(end, 200), StandardCharsets.UTF_8);
                    }
                }
                unwrap();
            }
        }

        /** Appends records to {@link #netOut}; {@link #send} writes them. */
        private void wrap(ByteBuffer src) throws IOException {
            SSLEngineResult r = engine.wrap(src, netOut);
            if (r.getStatus() != SSLEngineResult.Status.OK) {
                throw new SSLException("wrap: " + r.getStatus());
            }
        }

        private void send() throws IOException {
            if (netOut.position() > 0) {
                out.write(netOut.array(), 0, netOut.position());
                netOut.clear();
            }
        }

        /** Unwraps one record, reading from the socket when a whole one is not there yet. */
        private void unwrap() throws IOException {
            while (true) {
                SSLEngineResult r = engine.unwrap(netIn, appIn);
                switch (r.getStatus()) {
                    case OK -> {
                        return;
                    }
                    case BUFFER_UNDERFLOW -> fill();
                    case CLOSED -> throw new java.io.EOFException("TLS closed");
                    default -> throw new SSLException("unwrap: " + r.getStatus());
                }
            }
        }

        private void fill() throws IOException {
            netIn.compact();
            int n = in.read(netIn.array(), netIn.position(), netIn.remaining());
            if (n < 0) {
                throw new java.io.EOFException("connection closed");
            }
            netIn.position(netIn.position() + n);
            netIn.flip();
        }
    }

    private static String firstLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\r' && c != '\n' && line.length() < 200) {
            line.append((char) c);
        }
        String s = line.toString();
        return s.startsWith("-") ? s.split(" ", 2)[0] : s;
    }

    private static double percentile(long[] sortedNanos, double q) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sortedNanos.length);
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e6;
    }
}
