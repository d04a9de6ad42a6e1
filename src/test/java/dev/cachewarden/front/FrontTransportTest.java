package dev.cachewarden.front;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachewarden.front.FrontTransport.Kind;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDomainSocketChannel;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FrontTransportTest {
    private final UnixDomainSocketAddress node = UnixDomainSocketAddress.of(Path.of("/tmp/cw-node/redis.sock"));

    private static boolean linuxX86() {
        // This build bundles the native transports for linux-x86_64 only; elsewhere the front runs NIO.
        return System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64");
    }

    @Test
    void linuxX86RunsTheBestNativeTransportThatLoads() {
        if (!linuxX86()) {
            assertEquals(Kind.NIO, FrontTransport.KIND);
            return;
        }
        assertTrue(Epoll.isAvailable(), () -> "epoll does not load: " + Epoll.unavailabilityCause());
        if (IoUring.isAvailable()) {
            assertEquals(Kind.IO_URING, FrontTransport.KIND);
            assertEquals(IoUringServerSocketChannel.class, FrontTransport.serverChannel());
            assertEquals(IoUringDomainSocketChannel.class, FrontTransport.KIND.unixChannel);
        } else { // a kernel without io_uring, or one that turns it off (kernel.io_uring_disabled)
            assertEquals(Kind.EPOLL, FrontTransport.KIND);
            assertEquals(EpollServerSocketChannel.class, FrontTransport.serverChannel());
            assertEquals(EpollDomainSocketChannel.class, FrontTransport.KIND.unixChannel);
        }
    }

    @Test
    void anAskedTransportIsUsedIfItLoadsAndTheNextOneIfNotAnUnknownOneIsIgnored() {
        assertEquals(Kind.NIO, FrontTransport.choose("nio"));
        assertEquals(Epoll.isAvailable() ? Kind.EPOLL : Kind.NIO, FrontTransport.choose("epoll"));
        assertEquals(IoUring.isAvailable() ? Kind.IO_URING : Epoll.isAvailable() ? Kind.EPOLL : Kind.NIO,
                FrontTransport.choose(" IO_URING "));
        assertEquals(FrontTransport.choose("io_uring"), FrontTransport.choose(""));
        assertEquals(FrontTransport.choose(""), FrontTransport.choose("kqueue")); // unknown here: as if none asked
    }

    @Test
    void aNodeSocketIsAddressedAsTheChannelClassTakesIt() {
        Object address = FrontTransport.upstreamAddress(node);
        if (FrontTransport.KIND.isNative()) {
            assertEquals(new DomainSocketAddress("/tmp/cw-node/redis.sock"), address);
        } else {
            assertEquals(node, address);
        }
    }

    @Test
    void anUpstreamOfAnotherKindHasNoTransportYet() {
        assertThrows(IllegalArgumentException.class,
                () -> FrontTransport.newUpstreamChannel(new InetSocketAddress("127.0.0.1", 6379)));
    }
}
