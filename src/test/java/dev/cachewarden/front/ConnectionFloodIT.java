package dev.cachewarden.front;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thousand connections opened at the same instant (each its own thread, released together).
 * Plaintext, every one is answered, the front's memory per connection stays small, and once they
 * close the front holds none of them and its memory is back where it was. Over TLS, on a machine
 * this busy (the thousand client handshakes run in this JVM too), a handshake may outlast Netty's
 * 10 s limit and be closed: then every connection is either answered or closed, none hangs, and
 * the front serves on.
 */
class ConnectionFloodIT {
    static final int CLIENTS = 1000;

    @TempDir
    static Path plainDir;
    @TempDir
    static Path tlsDir;
    static NodeBehindFront plain;
    static NodeBehindFront tls;

    @BeforeAll
    static void start() throws Exception {
        plain = new NodeBehindFront(plainDir, FrontLimits.defaults());
        tls = new NodeBehindFront(tlsDir, FrontLimits.defaults(), true);
    }

    @AfterAll
    static void stop() throws Exception {
        if (plain != null) {
            plain.close();
        }
        if (tls != null) {
            tls.close();
        }
    }

    /** Opens CLIENTS connections at once, each sending ECHO; the answers, or the failure, per client. */
    static List<Future<String>> flood(NodeBehindFront node, List<RawClient> clients) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> answers = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < CLIENTS; i++) {
                int n = i;
                answers.add(threads.submit(() -> {
                    go.await();
                    RawClient c = node.client();
                    clients.add(c);
                    c.command("ECHO", "client-" + n);
                    return c.read(1).get(1);
                }));
            }
            go.countDown();
            threads.shutdown();
            assertThat(threads.awaitTermination(90, TimeUnit.SECONDS)).as("no connection hangs").isTrue();
        }
        return answers;
    }

    @Test
    void aThousandConnectionsAtOnceAreAllAnswered() throws Exception {
        plain.stillServes();
        long before = NodeBehindFront.usedMemory();
        List<RawClient> clients = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<String>> answers = flood(plain, clients);
            for (int i = 0; i < CLIENTS; i++) {
                assertThat(answers.get(i).get()).isEqualTo("client-" + i);
            }
            assertThat(plain.front.connections(plain.port)).isEqualTo(CLIENTS);
            long during = NodeBehindFront.usedMemory();
            // Both ends live in this JVM, so this counts the clients' sockets too: a generous bound.
            assertThat((during - before) / CLIENTS).as("bytes held per open connection, both ends")
                    .isLessThan(128 * 1024);
            plain.stillServes();
        } finally {
            for (RawClient c : clients) {
                c.close();
            }
        }
        plain.drained();
        plain.stillServes();
        assertThat(NodeBehindFront.usedMemory() - before).as("memory left behind by a thousand closed connections")
                .isLessThan(32L * 1024 * 1024);
    }

    @Test
    void aThousandTlsConnectionsAtOnceAreAnsweredOrClosedNeverHung() throws Exception {
        List<RawClient> clients = java.util.Collections.synchronizedList(new ArrayList<>());
        int answered = 0;
        try {
            List<Future<String>> answers = flood(tls, clients);
            for (int i = 0; i < CLIENTS; i++) {
                try {
                    assertThat(answers.get(i).get()).isEqualTo("client-" + i);
                    answered++;
                } catch (ExecutionException e) {
                    // Closed by the front (handshake limit): an I/O failure, never a wrong answer.
                    assertThat(e.getCause()).isInstanceOf(IOException.class);
                }
            }
            assertThat(answered).as("connections answered").isPositive();
            tls.stillServes();
        } finally {
            for (RawClient c : clients) {
                c.close();
            }
        }
        tls.drained();
        tls.stillServes();
    }
}
