package dev.cachewarden.front;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FrontTransportTest {
    private final UnixDomainSocketAddress node = UnixDomainSocketAddress.of(Path.of("/tmp/cw-node/redis.sock"));

    @Test
    void linuxX86RunsTheNativeTransportEndToEnd() {
        // This build bundles epoll for linux-x86_64 only; elsewhere the front stays on NIO.
        if (!System.getProperty("os.name").startsWith("Linux") || !System.getProperty("os.arch").equals("amd64")) {
            return;
        }
        assertTrue(Epoll.isAvailable(), () -> "epoll does not load: " + Epoll.unavailabilityCause());
        assertTrue(FrontTransport.NATIVE);
        assertEquals(EpollServerSocketChannel.class, FrontTransport.serverChannel());
        assertEquals(EpollDomainSocketChannel.class, FrontTransport.upstreamChannel(node));
    }

    @Test
    void aNodeSocketIsAddressedAsTheChannelClassTakesIt() {
        Object address = FrontTransport.upstreamAddress(node);
        if (FrontTransport.NATIVE) {
            assertEquals(new DomainSocketAddress("/tmp/cw-node/redis.sock"), address);
        } else {
            assertEquals(node, address);
        }
    }

    @Test
    void anUpstreamOfAnotherKindHasNoTransportYet() {
        assertThrows(IllegalArgumentException.class,
                () -> FrontTransport.upstreamChannel(new InetSocketAddress("127.0.0.1", 6379)));
    }
}
