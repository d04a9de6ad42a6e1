package dev.cachewarden.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * A closed loop of new connections: each worker opens a TCP connection, completes the TLS handshake
 * (trusting cachewarden's CA, verifying the certificate), sends {@code AUTH user password}, reads
 * {@code +OK}, closes, and starts again. Only {@code +OK}s count; other replies are counted apart.
 *
 * <p>{@code resume} false gives every connection a fresh {@link SSLContext}, so nothing can be resumed:
 * a full handshake each time, as a new client process (redis-cli, a Lambda cold start) makes.
 * {@code resume} true shares one context, whose session cache lets the JDK resume TLS 1.3 sessions
 * with the tickets the server sent, as a long-lived client (one Lettuce client) reconnecting does.
 */
final class HandshakeLoop {
    /** @param serverCpuSeconds CPU the server processes used in the measured window */
    record Result(String user, boolean resume, int workers, long ok, Map<String, Long> others, double seconds,
                  long[] sortedNanos, double serverCpuSeconds, double clientCpuSeconds) {
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
                    serverCpuSeconds + o.serverCpuSeconds, clientCpuSeconds + o.clientCpuSeconds);
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
    private final SecureRandom random = new SecureRandom();

    HandshakeLoop(int port, Path caCertificate) throws IOException {
        this.port = port;
        try (InputStream pem = Files.newInputStream(caCertificate)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("cachewarden-ca",
                    CertificateFactory.getInstance("X.509").generateCertificate(pem));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            this.trust = tmf.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read " + caCertificate, e);
        }
    }

    /**
     * @param password called once per connection (an IAM client signs a fresh token for each)
     */
    Result run(String user, Supplier<String> password, boolean resume, int workers, Duration warmup,
               Duration measure, java.util.function.DoubleSupplier serverCpuSeconds) throws InterruptedException {
        SSLContext shared = resume ? context() : null;
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<long[]> latencies = new ArrayList<>();
        List<Map<String, Long>> others = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        int[] counts = new int[workers];
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
                    String outcome = once(resume ? shared : context(), user, password.get());
                    long took = System.nanoTime() - start;
                    if (!measuring.get()) {
                        continue;
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
        for (Thread t : threads) {
            t.join();
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
        return new Result(user, resume, workers, total, otherTotal, seconds, all, cpu, clientCpu);
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
            out.write(("AUTH " + user + " " + password + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return firstLine(s.getInputStream());
        } catch (IOException e) {
            return e.getClass().getSimpleName();
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
