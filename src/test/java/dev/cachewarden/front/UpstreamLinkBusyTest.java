package dev.cachewarden.front;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.unix.Errors;
import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a connect to a unix socket whose accept queue is full fails with, through each native
 * transport the front may run: a real listener that never accepts, connected to until the kernel refuses at once (EAGAIN),
 * is recognised as busy (retried); a socket nobody listens on is not (the next node is tried).
 */
class UpstreamLinkBusyTest {
    @TempDir
    Path dir;

    @Test
    void aFullAcceptQueueIsBusyAndAMissingSocketIsNot() throws Exception {
        if (!FrontTransport.KIND.isNative()) {
            // NIO (no native transport for this platform in the build; FrontTransportTest requires one on Linux x86-64)
            // never reports EAGAIN, so nothing it throws counts as busy.
            assertThat(UpstreamLink.busy(new ConnectException("connect(..) failed with error(-11)"))).isFalse();
            return;
        }
        // Every native transport that loads here, not only the one chosen: epoll is the fallback where a
        // kernel turns io_uring off, and each reports a refused connect in its own code.
        List<FrontTransport.Kind> tried = new ArrayList<>();
        for (FrontTransport.Kind kind : FrontTransport.Kind.values()) {
            if (kind.isNative() && kind.unavailabilityCause() == null) {
                fullQueueIsBusy(kind);
                tried.add(kind);
            }
        }
        assertThat(tried).contains(FrontTransport.KIND);
    }

    private void fullQueueIsBusy(FrontTransport.Kind kind) throws Exception {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve(kind.label + "-full.sock"));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, kind.ioHandlers.get());
        List<Channel> channels = new ArrayList<>();
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(address, 1); // never accepts: the queue fills after a connection or two
            Throwable refused = null;
            for (int i = 0; i < 64 && refused == null; i++) {
                ChannelFuture f = connect(kind, group, channels, address);
                if (!f.isSuccess()) {
                    refused = f.cause();
                }
            }
            assertThat(refused).as("%s: a connect refused once the queue is full", kind).isNotNull();
            assertThat(refused).isInstanceOf(ConnectException.class)
                    .hasMessageContaining("error(" + Errors.ERRNO_EAGAIN_NEGATIVE + ")");
            assertThat(UpstreamLink.busy(refused)).as("%s: %s", kind, refused).isTrue();

            ChannelFuture missing = connect(kind, group, channels, UnixDomainSocketAddress.of(dir.resolve("none.sock")));
            assertThat(missing.cause()).isNotNull();
            assertThat(UpstreamLink.busy(missing.cause())).as("%s: %s", kind, missing.cause()).isFalse();
            assertThat(UpstreamLink.busy(new FileNotFoundException())).isFalse();
            assertThat(UpstreamLink.busy(null)).isFalse();
        } finally {
            channels.forEach(Channel::close);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static ChannelFuture connect(FrontTransport.Kind kind, EventLoopGroup group, List<Channel> channels,
                                         UnixDomainSocketAddress address) {
        Channel ch = kind.newUnixChannel.newChannel();
        ch.pipeline().addLast(new io.netty.channel.ChannelInboundHandlerAdapter());
        group.register(ch).syncUninterruptibly();
        channels.add(ch);
        return ch.connect(FrontTransport.upstreamAddress(address)).awaitUninterruptibly();
    }
}
