package dev.cachewarden.front;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cachewarden.engine.node.CertificateAuthority;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The front's TLS key exchange is the node's (X25519), also with a BoringSSL client, whose Netty
 * defaults put the post-quantum hybrid X25519MLKEM768 first: a server with those defaults answers with
 * its 1,088-byte ML-KEM ciphertext in the ServerHello, the front does not.
 */
class FrontTlsGroupsTest {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    @Test
    void aBoringSslClientGetsX25519(@TempDir Path dir) throws Exception {
        assumeTrue(OpenSsl.isAvailable(), "BoringSSL (netty-tcnative) does not load here");
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"));
        CertificateAuthority.NodeCertificate node = ca.nodeCertificate(dir.resolve("node"), "node-1");
        SslContext client = SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL)
                .trustManager(node.caCertificate().toFile()).endpointIdentificationAlgorithm(null).build();
        SslContext front = FrontServer.sslContext(node.certificate(), node.key());
        SslContext nettyDefaults = SslContextBuilder.forServer(node.certificate().toFile(), node.key().toFile())
                .sslProvider(SslProvider.OPENSSL).build();

        int frontFlight = serverFirstFlight(client, front);
        int defaultFlight = serverFirstFlight(client, nettyDefaults);

        assertThat(defaultFlight).as("Netty's defaults: ML-KEM's ciphertext in the ServerHello").isGreaterThan(1_500);
        assertThat(frontFlight).as("the front: an X25519 share").isLessThan(defaultFlight - 1_000);
    }

    /** Completes a handshake in memory; answers the bytes of the server's first flight. */
    private static int serverFirstFlight(SslContext clientContext, SslContext serverContext) throws Exception {
        SSLEngine client = clientContext.newEngine(ByteBufAllocator.DEFAULT);
        SSLEngine server = serverContext.newEngine(ByteBufAllocator.DEFAULT);
        try {
            client.setUseClientMode(true);
            server.setUseClientMode(false);
            ByteBuffer toServer = ByteBuffer.allocate(1 << 16);
            ByteBuffer toClient = ByteBuffer.allocate(1 << 16);
            ByteBuffer app = ByteBuffer.allocate(1 << 16);
            client.beginHandshake();
            server.beginHandshake();
            int first = -1;
            for (int step = 0; step < 10; step++) {
                pump(client, toClient, toServer, app);
                pump(server, toServer, toClient, app);
                if (first < 0) {
                    first = toClient.position();
                }
                if (step > 0 && client.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING
                        && server.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING) {
                    return first;
                }
            }
            throw new AssertionError("the handshake did not complete: client " + client.getHandshakeStatus()
                    + ", server " + server.getHandshakeStatus());
        } finally {
            ReferenceCountUtil.release(client);
            ReferenceCountUtil.release(server);
        }
    }

    /** Runs the engine's handshake as far as what it has received allows. */
    private static void pump(SSLEngine engine, ByteBuffer inbox, ByteBuffer outbox, ByteBuffer app) throws Exception {
        for (int k = 0; k < 20; k++) {
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK -> {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                }
                case NEED_WRAP -> {
                    if (engine.wrap(EMPTY, outbox).bytesProduced() == 0
                            && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                        return;
                    }
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    inbox.flip();
                    SSLEngineResult r = engine.unwrap(inbox, app);
                    inbox.compact();
                    if (r.bytesConsumed() == 0 && r.getHandshakeStatus() != HandshakeStatus.NEED_TASK
                            && r.getHandshakeStatus() != HandshakeStatus.NEED_WRAP) {
                        return;
                    }
                }
                default -> {
                    return;
                }
            }
        }
    }
}
